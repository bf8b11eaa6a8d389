import protobuf from 'protobufjs';
import { allMessages, describeField, fieldKind, localName, mapKey, scalarGroup, type ProtoFile } from '../model/protobuf-model';
import type { Problem } from './problem';

/**
 * Why `reader` cannot read what `writer` writes, by the rules Confluent Schema Registry applies to
 * Protobuf (fields are matched by number): the package must stay, messages must not disappear, a field
 * number must keep its kind (scalar, message, map) and wire-compatible scalar group, message-typed
 * fields must keep their type, required fields (proto2) must not come or go, oneof members must not
 * leave their oneof, and several fields may not move into one oneof.
 */
export function protobufReadProblems(reader: ProtoFile, writer: ProtoFile): Problem[] {
  const out: Problem[] = [];
  if (reader.package !== writer.package)
    out.push({ path: 'package', kind: 'package-changed', message: `the package is "${writer.package}" in {writer} and "${reader.package}" in {reader}: every message is renamed` });
  const readerMessages = allMessages(reader);
  const seen = new Set<string>();
  for (const [name, w] of allMessages(writer)) {
    const r = readerMessages.get(name);
    if (!r) {
      if (!isMapEntry(w)) out.push({ path: name, kind: 'message-removed', message: `{reader} has no message ${name}, which {writer} has: records of that type cannot be read` });
      continue;
    }
    compareMessage(reader, writer, r, w, name, seen, out);
  }
  return out;
}

function isMapEntry(t: protobuf.Type): boolean {
  return Boolean((t.options as Record<string, unknown> | undefined)?.map_entry);
}

function compareMessage(readerFile: ProtoFile, writerFile: ProtoFile, r: protobuf.Type, w: protobuf.Type, path: string, seen: Set<string>, out: Problem[]): void {
  const key = `${r.fullName}|${w.fullName}`;
  if (seen.has(key)) return;
  seen.add(key);
  const readerById = new Map(r.fieldsArray.map((f) => [f.id, f]));
  for (const wf of w.fieldsArray) {
    const at = `${path}.${wf.name} (${wf.id})`;
    const rf = readerById.get(wf.id);
    if (!rf) {
      if (wf.required) out.push({ path: at, kind: 'required-removed', message: `field ${wf.id} (${wf.name}) is required in {writer} and gone from {reader}` });
      else if (wf.partOf && r.oneofs?.[wf.partOf.name])
        out.push({ path: at, kind: 'oneof-changed', message: `field ${wf.id} (${wf.name}) of oneof ${wf.partOf.name} in {writer} is gone from {reader}, which keeps the oneof: a record that set it reads as having none set` });
      continue;
    }
    compareField(readerFile, writerFile, rf, wf, at, seen, out);
  }
  for (const rf of r.fieldsArray) {
    if (rf.required && !w.fieldsArray.some((f) => f.id === rf.id))
      out.push({ path: `${path}.${rf.name} (${rf.id})`, kind: 'required-added', message: `{reader} requires field ${rf.id} (${rf.name}), which {writer} does not have: its records lack it` });
  }
  for (const oneof of r.oneofsArray) {
    const writerOf = (f: protobuf.Field) => w.fieldsArray.find((x) => x.id === f.id);
    const moved = oneof.fieldsArray.filter((f) => writerOf(f) && !writerOf(f)!.partOf);
    const existing = oneof.fieldsArray.filter((f) => writerOf(f)?.partOf);
    if (moved.length > 1 || (moved.length === 1 && existing.length > 0))
      out.push({
        path: `${path}.${oneof.name}`,
        kind: 'oneof-changed',
        message: `{reader} puts field${moved.length > 1 ? 's' : ''} ${moved.map((f) => `${f.id} (${f.name})`).join(', ')} into oneof ${oneof.name}${moved.length === 1 ? `, next to fields already in a oneof in {writer}` : ''}: a record of {writer} that sets several of them cannot be read as it was written`,
      });
  }
}

function compareField(readerFile: ProtoFile, writerFile: ProtoFile, rf: protobuf.Field, wf: protobuf.Field, at: string, seen: Set<string>, out: Problem[]): void {
  const [rk, wk] = [fieldKind(rf), fieldKind(wf)];
  const renamed = rf.name !== wf.name;
  if (rk !== wk) {
    out.push(reused(rf, wf, at, renamed) ?? { path: at, kind: 'field-kind-changed', message: `field ${wf.id} is a ${wk} (${describeField(wf)}) in {writer} and a ${rk} (${describeField(rf)}) in {reader}` });
    return;
  }
  if (rk === 'scalar' && scalarGroup(rf) !== scalarGroup(wf)) {
    out.push(
      reused(rf, wf, at, renamed) ?? {
        path: at,
        kind: 'type-changed',
        message: `field ${wf.id} is ${describeField(wf)} in {writer} and ${describeField(rf)} in {reader}: the two are encoded differently on the wire`,
      },
    );
    return;
  }
  if (rk === 'message' || rk === 'map') {
    const [rt, wt] = [rf.resolvedType, wf.resolvedType];
    if (rt instanceof protobuf.Type && wt instanceof protobuf.Type) {
      const [rn, wn] = [localName(readerFile, rt), localName(writerFile, wt)];
      if (rn !== wn) out.push(reused(rf, wf, at, renamed) ?? { path: at, kind: 'type-changed', message: `field ${wf.id} holds ${wn} in {writer} and ${rn} in {reader}` });
      else compareMessage(readerFile, writerFile, rt, wt, rn, seen, out);
    } else if (rk === 'map' && (rt instanceof protobuf.Type || wt instanceof protobuf.Type || scalarGroup(rf) !== scalarGroup(wf)))
      out.push(reused(rf, wf, at, renamed) ?? { path: at, kind: 'type-changed', message: `the map at field ${wf.id} holds ${describeField(wf)} in {writer} and ${describeField(rf)} in {reader}` });
    if (rk === 'map' && mapKey(rf) !== mapKey(wf))
      out.push({ path: at, kind: 'type-changed', message: `the map at field ${wf.id} has ${mapKey(wf)} keys in {writer} and ${mapKey(rf)} keys in {reader}` });
  }
  if (rf.repeated !== wf.repeated && rk !== 'map' && scalarGroup(rf) !== 'length-delimited')
    out.push({ path: at, kind: 'label-changed', message: `field ${wf.id} is ${wf.repeated ? 'repeated' : 'singular'} in {writer} and ${rf.repeated ? 'repeated' : 'singular'} in {reader}` });
}

/** A number given to a different field (new name and a type that does not read the old one): the classic reuse. */
function reused(rf: protobuf.Field, wf: protobuf.Field, at: string, renamed: boolean): Problem | null {
  if (!renamed) return null;
  return {
    path: at,
    kind: 'field-number-reused',
    message: `field number ${wf.id} is ${wf.name} (${describeField(wf)}) in {writer} and ${rf.name} (${describeField(rf)}) in {reader}: the number was reused, so ${rf.name} would be read from ${wf.name}'s bytes (reserve a removed field's number instead)`,
  };
}
