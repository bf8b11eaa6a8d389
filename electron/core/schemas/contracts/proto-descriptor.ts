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
  const own = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
  assertImportsResolve(own.imports ?? [], references);
  const file = parseProtoFile(text, references);
  const order = declarationOrder(text);
  const syntax = /^\s*syntax\s*=\s*"proto3"/m.test(text) ? 'proto3' : 'proto2';
  const proto = descriptor.FileDescriptorProto.create({
    name: `floe-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.proto`,
    ...(file.package ? { package: file.package } : {}),
    dependency: own.imports ?? [],
    messageType: file.messages.map((m) => inDeclarationOrder(qualify(m, (m as unknown as Described).toDescriptor(syntax) as unknown as MessageDescriptor), m, order)),
    enumType: file.enums.map((e) => (e as unknown as Described).toDescriptor()),
    syntax,
  });
  return Buffer.from(descriptor.FileDescriptorProto.encode(proto).finish()).toString('base64');
}

interface FieldDescriptor {
  name: string;
  typeName?: string;
  jsonName?: string;
  options?: Record<string, unknown>;
}

interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  options?: { mapEntry?: boolean };
}

/**
 * protobufjs's descriptor made the way protoc writes it (which Confluent's clients and Python's descriptor pool
 * expect): type names absolute (`Money` → `.shop.Money`), map entries named `<Field>Entry` (protobufjs names them
 * after the field and leaves their type names relative), and each field's JSON name.
 */
function qualify(type: protobuf.Type, d: MessageDescriptor): MessageDescriptor {
  const absolute = (name: string, scope: protobuf.Type): string => {
    if (name.startsWith('.')) return name;
    const found = scope.lookup(name, [protobuf.Type, protobuf.Enum]);
    return found ? `.${found.fullName.replace(/^\./, '')}` : name;
  };
  const typeName = type.fullName.replace(/^\./, '');
  for (const f of d.field) {
    f.jsonName = jsonName(f.name);
    if (f.options && Object.values(f.options).every((v) => v == null || (Array.isArray(v) && v.length === 0))) delete f.options;
    if (!f.typeName) continue;
    const entry = d.nestedType.find((n) => n.options?.mapEntry && n.name === f.typeName);
    if (entry) {
      entry.name = `${jsonName(f.name).replace(/^./, (c) => c.toUpperCase())}Entry`;
      f.typeName = `.${typeName}.${entry.name}`;
      for (const kv of entry.field) {
        kv.jsonName = jsonName(kv.name);
        if (kv.typeName) kv.typeName = absolute(kv.typeName, type);
      }
      continue;
    }
    f.typeName = absolute(f.typeName, type);
  }
  for (const nested of d.nestedType) {
    const t = type.nested?.[nested.name];
    if (t instanceof protobuf.Type) qualify(t, nested);
  }
  return d;
}

/**
 * Nested types as protoc lists them: nested messages and map entries in the order they are declared
 * (protobufjs puts every map entry first). The order matters: Confluent's message indexes count them.
 */
function inDeclarationOrder(d: MessageDescriptor, type: protobuf.Type, order: Map<string, string[]>): MessageDescriptor {
  const declared = order.get(type.fullName.replace(/^\./, ''));
  if (declared) {
    const entryOf = new Map(d.field.filter((f) => f.typeName?.endsWith('Entry')).map((f) => [f.typeName!.slice(f.typeName!.lastIndexOf('.') + 1), f.name]));
    const rank = (n: MessageDescriptor) => declared.indexOf(n.options?.mapEntry ? `map:${entryOf.get(n.name)}` : `message:${n.name}`);
    d.nestedType = [...d.nestedType].sort((a, b) => rank(a) - rank(b));
  }
  for (const nested of d.nestedType) {
    const t = type.nested?.[nested.name];
    if (t instanceof protobuf.Type) inDeclarationOrder(nested, t, order);
  }
  return d;
}

/** Per message (full name): its nested `message:Name` and `map:field` declarations, in the order the text has them. */
function declarationOrder(text: string): Map<string, string[]> {
  const tokens = protobuf.tokenize(text, true);
  const order = new Map<string, string[]>();
  const scopes: (string | null)[] = []; // a message's full name, or null for any other block
  let pkg = '';
  const current = () => scopes.filter((x): x is string => x !== null).at(-1);
  for (let token = tokens.next(); token !== null; token = tokens.next()) {
    if (token === '"' || token === "'") {
      for (let t = tokens.next(); t !== null && t !== token; t = tokens.next());
    } else if (token === 'package' && scopes.length === 0) pkg = tokens.next() ?? '';
    else if (token === 'message') {
      const name = tokens.next() ?? '';
      const parent = current();
      if (parent) order.get(parent)!.push(`message:${name}`);
      const full = parent ? `${parent}.${name}` : pkg ? `${pkg}.${name}` : name;
      order.set(full, []);
      if (tokens.next() === '{') scopes.push(full);
    } else if (token === 'map' && tokens.peek() === '<') {
      while (tokens.next() !== '>' && tokens.peek() !== null);
      const parent = current();
      if (parent) order.get(parent)!.push(`map:${tokens.next() ?? ''}`);
    } else if (token === '{') scopes.push(null);
    else if (token === '}') scopes.pop();
  }
  return order;
}

/** protoc's JSON name of a field: underscores dropped, the letter after each one upper-cased. */
function jsonName(name: string): string {
  return name.replace(/_+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/** Whether a registry's answer is still .proto text rather than a serialized descriptor (base64 has no spaces, braces or semicolons). */
export function isProtoText(schema: string): boolean {
  return !/^[A-Za-z0-9+/]+={0,2}$/.test(schema.replace(/\s+/g, ''));
}

/** The imports of a serialized descriptor (base64 FileDescriptorProto). */
export function descriptorImports(schema: string): string[] {
  return descriptor.FileDescriptorProto.decode(Buffer.from(schema.replace(/\s+/g, ''), 'base64')).dependency ?? [];
}

/** Every import is a reference's import path or one of Google's well-known files, or the file cannot be read. */
export function assertImportsResolve(imports: string[], references: { has(name: string): boolean }): void {
  const missing = imports.filter((path) => !references.has(path) && !protobuf.common.get(path));
  if (missing.length)
    throw new Error(
      `the Protobuf schema imports ${missing.map((m) => `"${m}"`).join(', ')}, which none of its references provides (a reference names an import path with the subject and version that hold the file)`,
    );
}
