import type { FilterContext } from './filter-model';

/**
 * A shortcut for the common shape of a filter — comparisons of `value.<path>` or `key.<path>` with a double or string
 * literal (or of `value`/`key` with null) joined by &&, || and ! — evaluated in plain JS, without the CEL
 * interpreter. It answers only what CEL would answer the same way: a comparison it cannot vouch for (a bigint, a
 * value that is a list, map or bytes, any other expression) is UNSURE, and a filter whose answer is UNSURE is
 * evaluated by CEL as before. && and || follow CEL's rules (false && anything is false, true || anything is true,
 * whichever side comes first), so an UNSURE side does not always need CEL.
 *
 * A comparison that CEL would fail on — a field the record lacks, a step into null or a string, a field of another
 * type — is FAILS, and quickTrail() then says which comparisons failed and how. The shortcut does not know CEL's
 * error message: the caller asks CEL once per trail and reuses its answer (see compileFilter), since on a topic
 * where most records lack the field every record failing through CEL's exceptions scanned ~10× slower.
 */
export const UNSURE = 2;
export const FAILS = 3;
export type Quick = (context: FilterContext) => boolean | typeof UNSURE | typeof FAILS;

type Node = { op?: string; args?: unknown };

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

/** Scratch for the comparisons below (the value read), so that they allocate nothing per record. */
let v: unknown;
/** The comparisons that failed in this evaluation, one byte each (see fail()); NaN past six. */
let trail = 0;

/** How a path read went: READ (the value is in `v`), UNCOVERED, or why CEL fails on it (a trail code's low bits). */
const READ = 0;
const UNCOVERED = -1;
/** Why a step of a path fails in CEL (times 4, plus the step's index up to 3): no such field, or a step into null or a string. */
const NO_FIELD = 1;
const INTO_NULL = 2;
const INTO_STRING = 3;
/** Why a comparison fails in CEL on a value it read (times 4): a string, boolean, null or object where a number or string was compared. */
const MISMATCH: Record<string, number> = { string: 4, boolean: 5, object: 6 };

/** Decoded JSON objects and Avro records: the values CEL reads fields of as map keys. */
const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

/** Reads the path into `v`; see READ. CEL reads an own field of a plain object (decoded JSON, an Avro record) as a map key. */
function readPath(root: unknown, fields: string[]): number {
  let x = root;
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i]!;
    if (isPlain(x)) {
      if (!Object.hasOwn(x, name) || x[name] === undefined) return i < 4 ? NO_FIELD * 4 + i : UNCOVERED;
      x = x[name];
    } else if (x === null) return i < 4 ? INTO_NULL * 4 + i : UNCOVERED;
    else if (typeof x === 'string') return i < 4 ? INTO_STRING * 4 + i : UNCOVERED;
    else return UNCOVERED;
  }
  v = x;
  return READ;
}

/** Records that comparison `leaf` fails in CEL for `why`: FAILS, or UNSURE when the trail cannot say it. */
function fail(leaf: number, why: number): typeof FAILS | typeof UNSURE {
  if (leaf >= 8 || why < 0 || why >= 32) return UNSURE;
  trail = trail < 2 ** 40 ? trail * 256 + leaf * 32 + why : NaN;
  return FAILS;
}

/** Why CEL fails to compare `v` with a literal of another type, or UNCOVERED (a bigint, a list, a map…). */
function mismatch(): number {
  if (v === null) return MISMATCH.object! * 4 + 1;
  if (isPlain(v)) return MISMATCH.object! * 4;
  return typeof v === 'string' || typeof v === 'boolean' ? MISMATCH[typeof v]! * 4 : UNCOVERED;
}

const FLIPPED: Record<string, string> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function comparison(op: string, path: ['value' | 'key', string[]], literal: unknown, leaf: number): Quick | null {
  const [variable, fields] = path;
  const root = variable === 'value' ? (c: FilterContext) => c.value : (c: FilterContext) => c.key;
  if (literal === null && fields.length === 0 && (op === '==' || op === '!=')) {
    // value == null: true for null, false for a decoded object; CEL's answer for other values is left to CEL.
    const equal = op === '==';
    return (c) => {
      const x = root(c);
      return x === null ? equal : isPlain(x) ? !equal : UNSURE;
    };
  }
  /** The comparison, given `v` of the literal's type. */
  let holds: () => boolean;
  let ofType: () => boolean;
  if (typeof literal === 'string') {
    // Strings: equality only (CEL orders strings by code point, JS by UTF-16 unit).
    if (op !== '==' && op !== '!=') return null;
    holds = op === '==' ? () => v === literal : () => v !== literal;
    ofType = () => typeof v === 'string';
  } else if (typeof literal === 'number') {
    // Doubles with doubles: IEEE comparisons in both (NaN compares false, -0 equals 0). Integers past 2^53 are bigints: UNSURE.
    const compare: Record<string, () => boolean> = { '==': () => v === literal, '!=': () => v !== literal, '<': () => (v as number) < literal, '<=': () => (v as number) <= literal, '>': () => (v as number) > literal, '>=': () => (v as number) >= literal };
    holds = compare[op]!;
    ofType = () => typeof v === 'number';
  } else return null; // int (bigint), uint, bytes, bool literals: CEL's overloads decide
  // Equality across types is CEL's own business (heterogeneous equality): only orderings fail on a mismatch.
  const ordering = op !== '==' && op !== '!=';
  return (c) => {
    const read = readPath(root(c), fields);
    if (read !== READ) return read === UNCOVERED ? UNSURE : fail(leaf, read);
    if (ofType()) return holds();
    return ordering ? fail(leaf, mismatch()) : UNSURE;
  };
}
const unsure: Quick = () => UNSURE;

/** The shortcut of a node; `unsure` for what it does not cover. `leaves` numbers its comparisons (for the trail). */
function compile(node: Node, leaves: { n: number }): Quick {
  const { op, args } = node;
  if ((op === '&&' || op === '||') && Array.isArray(args)) {
    const a = compile(args[0] as Node, leaves);
    const b = compile(args[1] as Node, leaves);
    if (a === unsure && b === unsure) return unsure;
    // CEL: an error is absorbed by a false side of && (a true side of ||), else the result is an error.
    const [absorbing, passing] = op === '&&' ? [false, true] : [true, false];
    return (c) => {
      const x = a(c);
      if (x === absorbing) return absorbing;
      const y = b(c);
      if (y === absorbing) return absorbing;
      if (x === passing) return y;
      return x === UNSURE || y === UNSURE ? UNSURE : FAILS;
    };
  }
  if (op === '!_' && args && typeof args === 'object' && !Array.isArray(args)) {
    const a = compile(args as Node, leaves);
    if (a === unsure) return unsure;
    return (c) => {
      const x = a(c);
      return x === true ? false : x === false ? true : x;
    };
  }
  if (op && op in FLIPPED && Array.isArray(args)) {
    const [l, r] = args as [Node, Node];
    const lp = pathOf(l);
    const rp = pathOf(r);
    const q = lp && r.op === 'value' ? comparison(op, lp, r.args, leaves.n) : rp && l.op === 'value' ? comparison(FLIPPED[op]!, rp, l.args, leaves.n) : null;
    if (q) leaves.n++;
    return q ?? unsure;
  }
  return unsure;
}

/** The shortcut for a parsed filter, or null when it covers none of it. */
export function quickFilter(ast: unknown): Quick | null {
  const q = compile(ast as Node, { n: 0 });
  if (q === unsure) return null;
  return (c) => {
    trail = 0;
    const answer = q(c);
    return answer === FAILS && Number.isNaN(trail) ? UNSURE : answer;
  };
}

/** After an answer of FAILS: which comparisons failed and how, the same number whenever CEL fails the same way. */
export function quickTrail(): number {
  return trail;
}
