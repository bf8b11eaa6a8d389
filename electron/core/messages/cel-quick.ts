import type { FilterContext } from './filter-model';

/**
 * A shortcut for the common shape of a filter — comparisons of `value.<path>` or `key.<path>` with a double or string
 * literal (or of `value`/`key` with null) joined by &&, || and ! — evaluated in plain JS, without the CEL
 * interpreter. It answers only what CEL would answer the same way: a comparison it cannot vouch for (a field that is
 * missing or of another type, a value that is not a plain object, any other expression) is UNSURE, and a filter
 * whose answer is UNSURE is evaluated by CEL as before. && and || follow CEL's rules (false && anything is
 * false, true || anything is true, whichever side comes first), so an UNSURE side does not always need CEL.
 */
export const UNSURE = 2;
export type Quick = (context: FilterContext) => boolean | typeof UNSURE;

type Node = { op?: string; args?: unknown };
const sure = (r: boolean | typeof UNSURE): r is boolean => r !== UNSURE;

/** Decoded JSON objects and Avro records: the values CEL reads fields of as map keys. */
const plainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** `value.a.b` → ['value', ['a', 'b']]; anything else → null. */
function pathOf(node: Node): ['value' | 'key', string[]] | null {
  const fields: string[] = [];
  let n = node;
  while (n.op === '.' && Array.isArray(n.args) && typeof n.args[1] === 'string') {
    fields.unshift(n.args[1]);
    n = n.args[0] as Node;
  }
  return n.op === 'id' && (n.args === 'value' || n.args === 'key') ? [n.args, fields] : null;
}

const MISSING = Symbol('missing');
/** Scratch for the comparisons below (the value read), so that they allocate nothing per record. */
let v: unknown;

/** The value at the path when every step is an own field of a plain object, else MISSING (CEL would say more). */
function read(root: unknown, fields: string[]): unknown {
  let v = root;
  for (let i = 0; i < fields.length; i++) v = field(v, fields[i]!);
  return v;
}

function field(v: unknown, name: string): unknown {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.hasOwn(v, name) ? (v as Record<string, unknown>)[name] : MISSING;
}

const FLIPPED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function comparison(op: string, path: ['value' | 'key', string[]], literal: unknown): Quick | null {
  const [variable, fields] = path;
  const first = fields[0]!;
  const at =
    fields.length === 1
      ? variable === 'value'
        ? (c: FilterContext) => field(c.value, first)
        : (c: FilterContext) => field(c.key, first)
      : (c: FilterContext) => read(variable === 'value' ? c.value : c.key, fields);
  if (literal === null && fields.length === 0 && (op === '==' || op === '!=')) {
    // value == null: true for null, false for a decoded object; CEL's answer for other values is left to CEL.
    const equal = op === '==';
    return (c) => {
      const v = variable === 'value' ? c.value : c.key;
      return v === null ? equal : plainObject(v) ? !equal : UNSURE;
    };
  }
  if (typeof literal === 'string') {
    // Strings: equality only (CEL orders strings by code point, JS by UTF-16 unit).
    if (op === '==') return (c) => (v = at(c), typeof v === 'string' ? v === literal : UNSURE);
    if (op === '!=') return (c) => (v = at(c), typeof v === 'string' ? v !== literal : UNSURE);
    return null;
  }
  if (typeof literal !== 'number') return null; // int (bigint), uint, bytes, bool literals: CEL's overloads decide
  // Doubles with doubles: IEEE comparisons in both (NaN compares false, -0 equals 0). Integers past 2^53 are bigints: UNSURE.
  switch (op) {
    case '==': return (c) => (v = at(c), typeof v === 'number' ? v === literal : UNSURE);
    case '!=': return (c) => (v = at(c), typeof v === 'number' ? v !== literal : UNSURE);
    case '<': return (c) => (v = at(c), typeof v === 'number' ? v < literal : UNSURE);
    case '<=': return (c) => (v = at(c), typeof v === 'number' ? v <= literal : UNSURE);
    case '>': return (c) => (v = at(c), typeof v === 'number' ? v > literal : UNSURE);
    case '>=': return (c) => (v = at(c), typeof v === 'number' ? v >= literal : UNSURE);
  }
  return null;
}
const unsure: Quick = () => UNSURE;

/** The shortcut of a node; `unsure` for what it does not cover. */
function compile(node: Node): Quick {
  const { op, args } = node;
  if ((op === '&&' || op === '||') && Array.isArray(args)) {
    const a = compile(args[0] as Node);
    const b = compile(args[1] as Node);
    if (a === unsure && b === unsure) return unsure;
    if (op === '&&')
      return (c) => {
        const x = a(c);
        if (x === false) return false;
        const y = b(c);
        return y === false ? false : x === true ? y : UNSURE;
      };
    return (c) => {
      const x = a(c);
      if (x === true) return true;
      const y = b(c);
      return y === true ? true : x === false ? y : UNSURE;
    };
  }
  if (op === '!_' && args && typeof args === 'object' && !Array.isArray(args)) {
    const a = compile(args as Node);
    if (a === unsure) return unsure;
    return (c) => {
      const x = a(c);
      return sure(x) ? !x : UNSURE;
    };
  }
  if (op && op in FLIPPED && Array.isArray(args)) {
    const [l, r] = args as [Node, Node];
    const lp = pathOf(l);
    const rp = pathOf(r);
    const q = lp && r.op === 'value' ? comparison(op, lp, r.args) : rp && l.op === 'value' ? comparison(FLIPPED[op]!, rp, l.args) : null;
    return q ?? unsure;
  }
  return unsure;
}

/** The shortcut for a parsed filter, or null when it covers none of it. */
export function quickFilter(ast: unknown): Quick | null {
  const q = compile(ast as Node);
  return q === unsure ? null : q;
}
