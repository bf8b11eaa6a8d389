import { FloeError } from '../../../shared/errors';
import { stringifyExactJson } from '../../../shared/exact-json';
import type { DlqRecord } from '../../../shared/model/dlq';
import type { RecordEdit } from '../../../shared/model/replay';
import { MAX_TRANSFORMED, type ParsedGroupTransform, type TransformRequest, type TransformResult } from '../../../shared/model/replay-transform';
import type { z } from 'zod';
import type { DlqService } from '../dlq/dlq-service';
import { compileExpression, compileFilter } from '../messages/cel-filter';
import { evaluationMessage, type FilterContext } from '../messages/filter-model';
import type { ProfileRegistry } from '../registry/registry-clients';
import { encodeEdit } from './replay-records';

const PREVIEWS = 20;
const MAX_PROBLEMS = 100;
type Json = Record<string, unknown>;

/** A CEL result as JSON: maps and lists as they are, timestamps as ISO text, bytes as base64, unsigned ints as integers. */
function jsonOf(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map((x, i) => jsonOf(x, `${path}[${i}]`));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonOf(x, `${path}.${String(k)}`)]));
  const name = (v as object).constructor?.name;
  if (name === 'UnsignedInt' || name === 'UnsignedInteger') return BigInt((v as { value: number | bigint }).value);
  if (name === 'Object' || name === undefined) return Object.fromEntries(Object.entries(v as Json).map(([k, x]) => [k, jsonOf(x, `${path}.${k}`)]));
  throw new Error(`${path}: the expression gives a ${name ?? typeof v}, which JSON cannot hold (make it a string, a number or a map)`);
}

function assign(target: Json, path: string[], v: unknown): void {
  let at = target;
  for (const name of path.slice(0, -1)) {
    const next = at[name];
    if (next === undefined || next === null) at = at[name] = {};
    else if (typeof next === 'object' && !Array.isArray(next)) at = next as Json;
    else throw new Error(`${path.join('.')}: ${name} is a ${Array.isArray(next) ? 'list' : typeof next}, not an object`);
  }
  at[path.at(-1)!] = v;
}

function remove(target: Json, path: string[]): void {
  let at: unknown = target;
  for (const name of path.slice(0, -1)) at = at && typeof at === 'object' ? (at as Json)[name] : undefined;
  if (at && typeof at === 'object') delete (at as Json)[path.at(-1)!];
}

/** An evaluation error prefixed with what failed (a field, or `when`), once. */
function named(what: string, e: unknown): string {
  const m = evaluationMessage(e);
  return m.startsWith(`${what}`) ? m : `${what}: ${m}`;
}

/** The transform compiled once: the record's new value, or null when `when` leaves it as it is. Throws what stops it per record. */
export function compileTransform(t: ParsedGroupTransform): (context: FilterContext) => Json | null {
  const when = t.when ? compileFilter(t.when) : null;
  const sets = t.set.map((s) => ({ path: s.path.split('.'), name: s.path, run: compileExpression(s.expr, `The expression for ${s.path}`) }));
  const removes = t.remove.map((p) => p.split('.'));
  return (context) => {
    try {
      if (when && !when.test(context)) return null;
    } catch (e) {
      throw new Error(named('when', e), { cause: e });
    }
    if (typeof context.value !== 'object' || context.value === null || Array.isArray(context.value)) throw new Error('the value is not a JSON object (fix this record by hand)');
    // Every expression sees the record as it came: one field's new value does not feed another's.
    const values = sets.map((s) => {
      try {
        return jsonOf(s.run(context), s.name);
      } catch (e) {
        throw new Error(named(s.name, e), { cause: e });
      }
    });
    const value = structuredClone(context.value) as Json;
    sets.forEach((s, i) => assign(value, s.path, values[i]));
    for (const path of removes) remove(value, path);
    return value;
  };
}

const contextOf = (r: DlqRecord): FilterContext => ({
  key: r.key.value ?? null,
  value: r.value.value ?? null,
  headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
  partition: r.partition,
  offset: r.offset,
  timestamp: new Date(r.timestamp),
  size: r.size,
});

const SCHEMA_KINDS = new Set(['avro', 'protobuf', 'json-schema']);

/**
 * Applies one transform to dead letters one by one: each changed value is validated and encoded exactly as a
 * per-record edit is (`encodeEdit`: the target subject's schema, or JSON), so what it accepts, replay.create accepts.
 */
export class GroupTransformer {
  readonly result: TransformResult = { edits: [], previews: [], unchanged: 0, failed: 0, problems: [], scanned: 0 };
  private readonly apply: ReturnType<typeof compileTransform>;

  constructor(
    private readonly transform: ParsedGroupTransform,
    private readonly registry: ProfileRegistry | null,
  ) {
    this.apply = compileTransform(transform);
  }

  private problem(r: DlqRecord, message: string, path?: string): void {
    this.result.failed++;
    if (this.result.problems.length < MAX_PROBLEMS) this.result.problems.push({ partition: r.partition, offset: r.offset, message, ...(path ? { path } : {}) });
    if (this.result.previews.length < PREVIEWS) this.result.previews.push({ partition: r.partition, offset: r.offset, before: stringifyExactJson(r.value.value ?? null), after: null, problem: message });
  }

  async add(r: DlqRecord): Promise<void> {
    this.result.scanned++;
    let next: Json | null;
    try {
      next = this.apply(contextOf(r));
    } catch (e) {
      return this.problem(r, evaluationMessage(e));
    }
    if (next === null) {
      this.result.unchanged++;
      return;
    }
    const encoding = this.transform.encoding;
    if (encoding.kind === 'json' && SCHEMA_KINDS.has(r.value.kind))
      return this.problem(r, `the value was ${r.value.kind} (schema id ${r.value.wire?.schemaId ?? '?'}): name the subject to encode the fix with (--as-subject), or it would go back as JSON text`);
    if (this.result.edits.length >= MAX_TRANSFORMED)
      throw new FloeError('BAD_INPUT', `The transform changes more than ${MAX_TRANSFORMED.toLocaleString('en-US')} records: narrow the selection (a cause, a time or offset range) and replay it in parts`);
    const text = stringifyExactJson(next);
    const value: RecordEdit['value'] = encoding.kind === 'schema' ? { encoding: 'schema', subject: encoding.subject, ...(encoding.version ? { version: encoding.version } : {}), text } : { encoding: 'json', text };
    const edit: RecordEdit = { partition: r.partition, offset: r.offset, value };
    try {
      await encodeEdit(edit, this.registry);
    } catch (e) {
      if (!(e instanceof FloeError) || e.code !== 'BAD_INPUT') throw e;
      return this.problem(r, e.message.replace(/^the edit of \d+:\d+: /, ''), (e.detail as { path?: string } | undefined)?.path);
    }
    this.result.edits.push(edit);
    if (this.result.previews.length < PREVIEWS) this.result.previews.push({ partition: r.partition, offset: r.offset, before: stringifyExactJson(r.value.value ?? null), after: text });
  }
}

/** Reads the selected dead letters and gives one validated edit per record the transform changes (sealed into a replay job by replay.create). */
export async function transformEdits(deps: { dlq: DlqService; registry(profileId: string): ProfileRegistry | null }, input: z.output<typeof TransformRequest>, signal?: AbortSignal): Promise<TransformResult> {
  const transformer = new GroupTransformer(input.transform, deps.registry(input.profileId));
  let after: Record<string, number> | undefined;
  do {
    const page = await deps.dlq.records({ ...input, ...(after ? { after } : {}), limit: 1000 }, signal);
    for (const r of page.records) await transformer.add(r);
    after = page.next ?? undefined;
  } while (after);
  return transformer.result;
}
