import type protobuf from 'protobufjs';
import { allEnums, allMessages, describeField, type ProtoFile } from '../model/protobuf-model';
import type { RawEntry } from './raw-entry';

/** Changes between two .proto files: messages and enums by name, fields by number (a new name on the same number is a rename). */
export function protobufDiff(before: ProtoFile, after: ProtoFile): RawEntry[] {
  const out: RawEntry[] = [];
  if (before.package !== after.package) out.push({ path: 'package', change: 'package-changed', before: before.package, after: after.package });
  const [bm, am] = [allMessages(before), allMessages(after)];
  for (const [name, b] of bm) {
    const a = am.get(name);
    if (!a) out.push({ path: name, change: 'removed', before: `message ${name}` });
    else fields(b, a, name, out);
  }
  for (const name of am.keys()) if (!bm.has(name)) out.push({ path: name, change: 'added', after: `message ${name}` });
  const [be, ae] = [allEnums(before), allEnums(after)];
  for (const [name, b] of be) {
    const a = ae.get(name);
    if (!a) out.push({ path: name, change: 'removed', before: `enum ${name}` });
    else if (enumText(b) !== enumText(a)) out.push({ path: name, change: 'symbols-changed', before: enumText(b), after: enumText(a) });
  }
  for (const name of ae.keys()) if (!be.has(name)) out.push({ path: name, change: 'added', after: `enum ${name}` });
  return out;
}

function fields(b: protobuf.Type, a: protobuf.Type, path: string, out: RawEntry[]): void {
  const after = new Map(a.fieldsArray.map((f) => [f.id, f]));
  for (const bf of b.fieldsArray) {
    const af = after.get(bf.id);
    if (!af) {
      out.push({ path: `${path}.${bf.name} (${bf.id})`, change: 'removed', before: describeField(bf) });
      continue;
    }
    const at = `${path}.${af.name} (${af.id})`;
    if (bf.name !== af.name) out.push({ path: at, change: 'renamed', before: bf.name, after: af.name });
    const [bt, aType] = [describeField(bf), describeField(af)];
    if (bt !== aType) out.push({ path: at, change: bf.repeated !== af.repeated && bt.replace('repeated ', '') === aType.replace('repeated ', '') ? 'label-changed' : 'type-changed', before: bt, after: aType });
    if ((bf.partOf?.name ?? '') !== (af.partOf?.name ?? '')) out.push({ path: at, change: 'oneof-changed', before: bf.partOf?.name ?? '(none)', after: af.partOf?.name ?? '(none)' });
  }
  const before = new Set(b.fieldsArray.map((f) => f.id));
  for (const af of a.fieldsArray) if (!before.has(af.id)) out.push({ path: `${path}.${af.name} (${af.id})`, change: 'added', after: describeField(af) });
}

function enumText(e: protobuf.Enum): string {
  return Object.entries(e.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
