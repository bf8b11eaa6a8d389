import type { DiffEntry, SchemaDiff } from '../../../../shared/model/schemas';
import { fill, sentence, type Problem } from '../compat/problem';
import { readProblems } from '../compat/read-problems';
import type { ParsedSchema } from '../model/parsed-schema';
import { avroDiff } from './avro-diff';
import { jsonSchemaDiff } from './json-schema-diff';
import { protobufDiff } from './protobuf-diff';
import type { RawEntry } from './raw-entry';

/**
 * The field-level difference of two schemas, each change marked backward compatible (the newer schema
 * reads data written with the older) and forward compatible (the older reads the newer's data), with
 * the reasons in plain words where it is not.
 */
export function diffSchemas(before: ParsedSchema, after: ParsedSchema, names = { before: 'the older schema', after: 'the newer schema' }): SchemaDiff {
  const backward = readProblems(after, before).map((p) => ({ ...p, message: sentence(fill(p.message, names.after, names.before)) }));
  const forward = readProblems(before, after).map((p) => ({ ...p, message: sentence(fill(p.message, names.before, names.after)) }));
  const raw = rawDiff(before, after);
  const entries: DiffEntry[] = raw.map((e) => {
    const back = backward.filter((p) => concerns(e, p));
    const fwd = forward.filter((p) => concerns(e, p));
    const reasons = [...back, ...fwd].map((p) => p.message);
    return { ...e, backward: back.length === 0, forward: fwd.length === 0, ...(reasons.length ? { reasons } : {}) };
  });
  return {
    schemaType: after.type,
    entries,
    backward: backward.length === 0,
    forward: forward.length === 0,
    backwardProblems: backward.map((p) => p.message),
    forwardProblems: forward.map((p) => p.message),
  };
}

function rawDiff(before: ParsedSchema, after: ParsedSchema): RawEntry[] {
  if (before.type === 'AVRO' && after.type === 'AVRO') return avroDiff(before.avro, after.avro);
  if (before.type === 'PROTOBUF' && after.type === 'PROTOBUF') return protobufDiff(before.proto, after.proto);
  if (before.type === 'JSON' && after.type === 'JSON') return jsonSchemaDiff(before.json, after.json);
  return [{ path: '/', change: 'type-changed', before: before.type, after: after.type }];
}

/**
 * A problem concerns a change at its path or below it. Protobuf fields match by message and number (names
 * may differ); a rename also answers for the old name, a renamed record for its new name, a oneof move for
 * the oneof.
 */
function concerns(entry: RawEntry, problem: Problem): boolean {
  const number = (path: string) => /^(.*)\.[^.\s]+ \((\d+)\)$/.exec(path);
  const [e, p] = [number(entry.path), number(problem.path)];
  if (e && p) return e[1] === p[1] && e[2] === p[2];
  const parent = (e ? e[1]! : entry.path.replace(/\.[^.]+$/, '')) || entry.path;
  const paths = [entry.path];
  if (entry.change === 'renamed' && entry.before) paths.push(`${parent}.${entry.before}`);
  if (entry.change === 'name-changed' && entry.after) paths.push(entry.after.split('.').pop()!);
  if (entry.change === 'oneof-changed') for (const o of [entry.before, entry.after]) if (o && o !== '(none)') paths.push(`${parent}.${o}`);
  return paths.some((path) => problem.path === path || ['.', '[', '{', '/'].some((sep) => problem.path.startsWith(path + sep)));
}
