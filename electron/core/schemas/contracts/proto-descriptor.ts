import { createHash } from 'node:crypto';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor';
import { parseProtoFile } from '../model/protobuf-model';

type Described = { toDescriptor(edition?: string): protobuf.Message };

/**
 * A .proto file as the base64 FileDescriptorProto that Confluent's Protobuf serdes ask a registry for
 * (`?format=serialized`). Registries that ignore the format (Apicurio answers with the .proto text) get
 * their answer converted here. `references`: import path → the imported file's text; `dependency` lists
 * the file's imports by the names its references give them, as Confluent's clients resolve them.
 */
export function serializedProto(text: string, references: Map<string, string> = new Map()): string {
  const file = parseProtoFile(text, references);
  const own = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  const syntax = /^\s*syntax\s*=\s*"proto3"/m.test(text) ? 'proto3' : 'proto2';
  const proto = descriptor.FileDescriptorProto.create({
    name: `floe-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.proto`,
    ...(file.package ? { package: file.package } : {}),
    dependency: own.imports ?? [],
    messageType: file.messages.map((m) => qualify(m, (m as unknown as Described).toDescriptor(syntax) as unknown as MessageDescriptor)),
    enumType: file.enums.map((e) => (e as unknown as Described).toDescriptor()),
    syntax,
  });
  return Buffer.from(descriptor.FileDescriptorProto.encode(proto).finish()).toString('base64');
}

interface MessageDescriptor {
  name: string;
  field: { name: string; typeName?: string }[];
  nestedType: MessageDescriptor[];
}

/** Field type names as written (`Money`, `google.protobuf.Timestamp`) made absolute (`.shop.Money`), as protoc writes them. */
function qualify(type: protobuf.Type, d: MessageDescriptor): MessageDescriptor {
  for (const f of d.field) {
    if (!f.typeName || f.typeName.startsWith('.')) continue;
    const found = type.lookup(f.typeName, [protobuf.Type, protobuf.Enum]);
    if (found) f.typeName = `.${found.fullName.replace(/^\./, '')}`;
  }
  for (const nested of d.nestedType) {
    const t = type.nested?.[nested.name];
    if (t instanceof protobuf.Type) qualify(t, nested);
  }
  return d;
}

/** Whether a registry's answer is still .proto text rather than a serialized descriptor. */
export function isProtoText(schema: string): boolean {
  return /\b(syntax|message|package|enum)\b/.test(schema) || /[{};]/.test(schema);
}
