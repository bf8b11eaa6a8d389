import { avroTypeKey, describeAvro, type AvroType } from '../model/avro-model';
import type { Problem } from './problem';

/** Writer type → the reader types Avro promotes it to (spec, "Schema Resolution"). */
const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

/**
 * Why `reader` cannot read data written with `writer`, by Avro's resolution rules: a reader field the
 * writer lacks needs a default, types must match or promote, enum symbols the writer may write must
 * exist in the reader (or the reader enum has a default), every branch the writer may write must be
 * readable, named types must keep their name (or an alias of it), fixed sizes and decimal scales must match.
 */
export function avroReadProblems(reader: AvroType, writer: AvroType, root = rootName(reader)): Problem[] {
  const out: Problem[] = [];
  resolve(reader, writer, root, new Set(), out);
  return out;
}

function rootName(t: AvroType): string {
  return t.kind === 'record' || t.kind === 'enum' || t.kind === 'fixed' ? t.name.split('.').pop()! : describeAvro(t);
}

function resolve(reader: AvroType, writer: AvroType, path: string, seen: Set<string>, out: Problem[]): void {
  if (writer.kind === 'union') {
    for (const branch of writer.branches) {
      if (reader.kind === 'union') {
        if (!reader.branches.some((r) => readable(r, branch, seen)))
          out.push({
            path,
            kind: 'union-branch-removed',
            message: `{writer} may write ${describeAvro(branch)} at ${path}, and no branch of {reader}'s union there reads it`,
          });
      } else {
        const before = out.length;
        resolve(reader, branch, path, seen, out);
        if (out.length > before && branch.kind === 'primitive' && branch.type === 'null' && writer.branches.length > 1) {
          out.splice(before, out.length - before, {
            path,
            kind: 'union-branch-removed',
            message: `{writer} allows null at ${path}, and {reader} does not (${describeAvro(reader)}): a record holding null there cannot be read`,
          });
        }
      }
    }
    return;
  }
  if (reader.kind === 'union') {
    const match = reader.branches.find((r) => readable(r, writer, seen));
    if (match) return resolve(match, writer, path, seen, out);
    out.push({ path, kind: 'type-changed', message: `{writer} writes ${describeAvro(writer)} at ${path}, and no branch of {reader}'s ${describeAvro(reader)} reads it` });
    return;
  }
  if (!sameKind(reader, writer)) {
    out.push({ path, kind: 'type-changed', message: `${path} is ${describeAvro(writer)} in {writer} and ${describeAvro(reader)} in {reader}: ${promotionHint(reader, writer)}` });
    return;
  }
  switch (reader.kind) {
    case 'primitive': {
      const w = writer as typeof reader;
      if (reader.logical === 'decimal' && w.logical === 'decimal' && (reader.scale !== w.scale || (reader.precision ?? 0) < (w.precision ?? 0)))
        out.push({ path, kind: 'decimal-changed', message: `${path} is ${describeAvro(w)} in {writer} and ${describeAvro(reader)} in {reader}: the same bytes would mean a different number` });
      return;
    }
    case 'record': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w)) {
        out.push({ path, kind: 'name-changed', message: `the record at ${path} is ${w.name} in {writer} and ${reader.name} in {reader}: give ${reader.name} the alias "${w.name}"` });
        return;
      }
      const key = `${avroTypeKey(reader)}|${avroTypeKey(w)}`;
      if (seen.has(key)) return; // a recursive record, already being compared
      seen.add(key);
      for (const field of reader.fields) {
        const written = w.fields.find((f) => f.name === field.name) ?? w.fields.find((f) => field.aliases.includes(f.name));
        const at = `${path}.${field.name}`;
        if (written) resolve(field.type, written.type, at, seen, out);
        else if (!field.hasDefault)
          out.push({
            path: at,
            kind: 'field-added-without-default',
            message: `{reader} has the field ${at} without a default, and {writer} has no such field: records from {writer} carry no value for it (give it a default, e.g. null in a ["null", …] union)`,
          });
      }
      return;
    }
    case 'enum': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w)) {
        out.push({ path, kind: 'name-changed', message: `the enum at ${path} is ${w.name} in {writer} and ${reader.name} in {reader}: give ${reader.name} the alias "${w.name}"` });
        return;
      }
      const missing = w.symbols.filter((s) => !reader.symbols.includes(s));
      if (missing.length && reader.default === undefined)
        out.push({
          path,
          kind: 'enum-symbol-removed',
          message: `{writer} may write the symbol${missing.length > 1 ? 's' : ''} ${missing.join(', ')} at ${path}, which {reader}'s enum lacks (and it has no default to fall back on)`,
        });
      return;
    }
    case 'fixed': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w)) out.push({ path, kind: 'name-changed', message: `the fixed type at ${path} is ${w.name} in {writer} and ${reader.name} in {reader}` });
      else if (w.size !== reader.size) out.push({ path, kind: 'fixed-size-changed', message: `${path} is ${w.size} bytes in {writer} and ${reader.size} bytes in {reader}` });
      return;
    }
    case 'array':
      return resolve(reader.items, (writer as typeof reader).items, `${path}[]`, seen, out);
    case 'map':
      return resolve(reader.values, (writer as typeof reader).values, `${path}{}`, seen, out);
  }
}

/** Whether the reader type reads the writer type with no problem (used to pick a union branch). */
function readable(reader: AvroType, writer: AvroType, seen: Set<string>): boolean {
  if (reader.kind === 'union' || writer.kind === 'union') {
    const out: Problem[] = [];
    resolve(reader, writer, '', new Set(seen), out);
    return out.length === 0;
  }
  if (!sameKind(reader, writer)) return false;
  if (reader.kind === 'record' || reader.kind === 'enum' || reader.kind === 'fixed') return namesMatch(reader, writer as typeof reader);
  return true;
}

function sameKind(reader: AvroType, writer: AvroType): boolean {
  if (reader.kind !== writer.kind) return false;
  if (reader.kind === 'primitive' && writer.kind === 'primitive') return reader.type === writer.type || (PROMOTIONS[writer.type] ?? []).includes(reader.type);
  return true;
}

/** As Avro's Java SchemaCompatibility: the unqualified names match, or the reader has the writer's full name as an alias. */
function namesMatch(reader: { name: string; aliases: string[] }, writer: { name: string }): boolean {
  const short = (n: string) => n.split('.').pop();
  return short(reader.name) === short(writer.name) || reader.aliases.includes(writer.name);
}

function promotionHint(reader: AvroType, writer: AvroType): string {
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    const to = PROMOTIONS[writer.type];
    return `a ${writer.type} cannot be read as a ${reader.type}${to ? ` (Avro widens ${writer.type} only to ${to.join(', ')})` : ''}`;
  }
  return `a ${writer.kind} cannot be read as a ${reader.kind}`;
}
