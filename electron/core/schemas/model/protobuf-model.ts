import protobuf from 'protobufjs';
import { protobufSchema } from '../../decode/protobuf';

/** A .proto file resolved with its references: its package, its own top-level messages and enums. */
export interface ProtoFile {
  package: string;
  root: protobuf.Root;
  messages: protobuf.Type[];
  enums: protobuf.Enum[];
}

export function parseProtoFile(text: string, references: Map<string, string> = new Map()): ProtoFile {
  const schema = protobufSchema(text, references);
  const own = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  const pkg = own.package ?? '';
  const ns = pkg ? own.root.lookup(pkg) : own.root;
  const enumNames = ((ns as protobuf.Namespace | null)?.nestedArray ?? []).filter((n): n is protobuf.Enum => n instanceof protobuf.Enum).map((e) => e.fullName);
  return { package: pkg, root: schema.root, messages: schema.fileMessages, enums: enumNames.map((n) => schema.root.lookupEnum(n)) };
}

/** `shop.Order.Line` → `Order.Line` (names as Confluent compares them: relative to the file's package). */
export function localName(file: ProtoFile, t: protobuf.ReflectionObject): string {
  const full = t.fullName.replace(/^\./, '');
  return file.package && full.startsWith(`${file.package}.`) ? full.slice(file.package.length + 1) : full;
}

/** Every message of the file, nested ones included, by local name. */
export function allMessages(file: ProtoFile): Map<string, protobuf.Type> {
  const out = new Map<string, protobuf.Type>();
  const visit = (types: protobuf.Type[]) => {
    for (const t of types) {
      out.set(localName(file, t), t);
      visit(t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type));
    }
  };
  visit(file.messages);
  return out;
}

/** Every enum of the file (top-level and nested in its messages), by local name. */
export function allEnums(file: ProtoFile): Map<string, protobuf.Enum> {
  const out = new Map<string, protobuf.Enum>(file.enums.map((e) => [localName(file, e), e]));
  for (const m of allMessages(file).values()) for (const e of m.nestedArray) if (e instanceof protobuf.Enum) out.set(localName(file, e), e);
  return out;
}

export type ProtoKind = 'scalar' | 'message' | 'map';

/** The key type of a map field ('' for other fields). */
export function mapKey(field: protobuf.Field): string {
  return (field as unknown as { keyType?: string }).keyType ?? '';
}

export function fieldKind(field: protobuf.Field): ProtoKind {
  if (field instanceof protobuf.MapField || (field as { map?: boolean }).map) return 'map';
  return field.resolvedType instanceof protobuf.Type ? 'message' : 'scalar';
}

/** Wire-compatible scalar groups (protobuf's "Updating A Message Type"; enums travel as varints). */
export function scalarGroup(field: protobuf.Field): string {
  if (field.resolvedType instanceof protobuf.Enum) return 'varint';
  switch (field.type) {
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
    case 'bool':
      return 'varint';
    case 'sint32':
    case 'sint64':
      return 'zigzag';
    case 'string':
    case 'bytes':
      return 'length-delimited';
    case 'fixed32':
    case 'sfixed32':
      return 'fixed32';
    case 'fixed64':
    case 'sfixed64':
      return 'fixed64';
    default:
      return field.type;
  }
}

/** `repeated int64`, `map<string, Money>`, `optional string`… */
export function describeField(field: protobuf.Field): string {
  const type = field.resolvedType ? field.resolvedType.name : field.type;
  if (fieldKind(field) === 'map') return `map<${mapKey(field)}, ${type}>`;
  return `${field.repeated ? 'repeated ' : field.required ? 'required ' : ''}${type}`;
}
