// The CEL compiler: loaded through filter-model's celFilter() by the first filter a process compiles.
import { Environment, type ASTNode } from '@marcbachmann/cel-js';
import { FloeError } from '../../../shared/errors';
import type { FilterCheck } from '../../../shared/model/messages';
import { quickFilter, quickTrail, UNSURE } from './cel-quick';
import { evaluationMessage, FILTER_VARIABLES, type CompiledFilter, type FilterContext } from './filter-model';

const environment = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
  .registerVariable('key', 'dyn')
  .registerVariable('value', 'dyn')
  .registerVariable('headers', 'map')
  .registerVariable('partition', 'dyn')
  .registerVariable('offset', 'dyn')
  .registerVariable('timestamp', 'google.protobuf.Timestamp')
  .registerVariable('size', 'dyn');


interface Located {
  message: string;
  node?: { pos?: number; start?: number };
  range?: { start: number };
}

/** 1-based line and column of an offset in the source. */
function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function describe(source: string, e: unknown): { message: string; line: number; column: number } {
  const err = e as Located;
  const offset = err.range?.start ?? err.node?.start ?? err.node?.pos ?? 0;
  const { line, column } = lineColumn(source, offset);
  const summary = String(err.message ?? e).split('\n')[0] ?? 'invalid expression';
  return { message: `${summary} at line ${line}, column ${column}`, line, column };
}

function collectIdentifiers(node: unknown, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectIdentifiers(n, into);
    return;
  }
  const n = node as Partial<ASTNode>;
  if (n.op === 'id' && typeof n.args === 'string') into.add(n.args);
  else if (n.op !== 'value' && n.args !== undefined) collectIdentifiers(n.args, into);
}

/** Parses and type-checks; the result says exactly where a bad expression goes wrong. */
export function checkFilter(source: string): FilterCheck {
  try {
    compileFilter(source);
  } catch (e) {
    const detail = (e as FloeError).detail as { line: number; column: number } | undefined;
    return { ok: false, message: (e as Error).message, line: detail?.line ?? 1, column: detail?.column ?? 1 };
  }
  const ids = new Set<string>();
  collectIdentifiers(environment.parse(source).ast, ids);
  return { ok: true, referenced: FILTER_VARIABLES.filter((v) => ids.has(v)) };
}

type Node = { op?: string; args?: unknown };

/** `value.a.b` or `key.a` → the variable and the fields under it (["a", "b"]); anything else → null. */
function fieldPath(node: Node): { variable: 'key' | 'value'; path: string[] } | null {
  const path: string[] = [];
  let n = node;
  while (n.op === '.') {
    const [object, field] = n.args as [Node, unknown];
    if (typeof field !== 'string') return null;
    path.unshift(field);
    n = object;
  }
  return path.length > 0 && n.op === 'id' && (n.args === 'value' || n.args === 'key') ? { variable: n.args, path } : null;
}

function requiredLiterals(node: Node, out: CompiledFilter['required']): CompiledFilter['required'] {
  if (node.op === '&&') for (const side of node.args as Node[]) requiredLiterals(side, out);
  else if (node.op === '==') {
    const [a, b] = node.args as [Node, Node];
    for (const [field, lit] of [
      [a, b],
      [b, a],
    ] as const) {
      const at = fieldPath(field);
      if (at && lit.op === 'value' && typeof lit.args === 'string') out.push({ ...at, literal: lit.args });
    }
  }
  return out;
}

/** See CompiledFilter.valueFields. */
function valueFieldsOf(ast: unknown): Set<string> | null {
  const fields = new Set<string>();
  let whole = false;
  const walk = (node: unknown): void => {
    if (whole || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Node;
    if ((n.op === '.' || n.op === '.?') && Array.isArray(n.args)) {
      const [object, field] = n.args as [Node, unknown];
      if (object?.op === 'id' && object.args === 'value' && typeof field === 'string') {
        fields.add(field);
        return;
      }
    }
    if (n.op === 'id' && n.args === 'value') whole = true;
    else if (n.op !== 'value') walk(n.args);
  };
  walk(ast);
  return whole || fields.size === 0 ? null : fields;
}

/** Parses and type-checks an expression over the filter variables; `what` names it in errors ("Filter", "The expression for amount"). */
function parseChecked(source: string, what: string): { run: ReturnType<Environment['parse']>; type: string } {
  let run: ReturnType<Environment['parse']>;
  try {
    run = environment.parse(source);
  } catch (e) {
    const d = describe(source, e);
    throw new FloeError('BAD_INPUT', `${what} does not parse: ${d.message}`, { line: d.line, column: d.column });
  }
  const checked = run.check();
  if (!checked.valid) {
    const d = describe(source, checked.error);
    throw new FloeError('BAD_INPUT', `${what} is not valid: ${d.message}`, { line: d.line, column: d.column });
  }
  return { run, type: checked.type ?? 'dyn' };
}

/**
 * Runs CEL with no stack traces captured: an evaluation error (a field most records lack, a value that is not an
 * object) is an Error per record, and capturing its stack was ~15 µs of a ~17 µs record (bench:browse, a filter on
 * a missing field scanned 75k records/s). Only the message is kept (see evaluationMessage).
 */
function runWithoutStacks(run: ReturnType<Environment['parse']>, context: FilterContext): unknown {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run(context as unknown as Record<string, unknown>);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `quick: false` evaluates every record with CEL (the shortcut's tests compare the two). */
export function compileFilter(source: string, options: { quick?: boolean } = {}): CompiledFilter {
  const { run, type } = parseChecked(source, 'Filter');
  if (type !== 'bool' && type !== 'dyn')
    throw new FloeError('BAD_INPUT', `Filter must be true or false for a record, but this expression gives a ${type}`, { line: 1, column: 1 });
  const ids = new Set<string>();
  collectIdentifiers(run.ast, ids);
  const uses = new Set(FILTER_VARIABLES.filter((v) => ids.has(v)));
  // Simple comparisons in plain JS (bench:browse: CEL's interpreter was ~0.2 µs of a record's scan); CEL when unsure.
  const quick = options.quick === false ? null : quickFilter(run.ast);
  // CEL's answer for each way the shortcut saw the filter fail: its error message, or null when CEL answered (see
  // quickTrail). Bounded: a filter failing in more ways than this asks CEL for the others.
  const failures = new Map<number, string | null>();
  /** CEL's answer; throws its evaluation error, or one for an answer that is not true or false. */
  const celTest = (context: FilterContext): boolean => {
    const result = runWithoutStacks(run, context);
    if (typeof result !== 'boolean') throw new Error(`the filter gave ${typeof result === 'object' ? 'a value' : String(result)}, not true or false`);
    return result;
  };
  const answer = (context: FilterContext): boolean | string => {
    try {
      return celTest(context);
    } catch (e) {
      return evaluationMessage(e);
    }
  };
  return {
    source,
    uses,
    required: requiredLiterals(run.ast as Node, []),
    valueFields: valueFieldsOf(run.ast),
    test: (context) => {
      if (quick) {
        const quickly = quick(context);
        if (quickly === true || quickly === false) return quickly;
      }
      return celTest(context);
    },
    evaluate: (context) => {
      if (!quick) return answer(context);
      const quickly = quick(context);
      if (quickly === true || quickly === false) return quickly;
      if (quickly === UNSURE) return answer(context);
      const trail = quickTrail();
      const known = failures.get(trail);
      if (typeof known === 'string') return known;
      const cel = answer(context);
      if (known === undefined && failures.size < 256) failures.set(trail, typeof cel === 'string' ? cel : null);
      return cel;
    },
  };
}

/** A CEL expression that gives a value (a transform's new field), over the same variables as a filter; `what` names it in errors. */
export function compileExpression(source: string, what: string): (context: FilterContext) => unknown {
  const { run } = parseChecked(source, what);
  return (context) => run(context as unknown as Record<string, unknown>);
}
