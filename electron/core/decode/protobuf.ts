import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { installWellKnownWrappers } from './protobuf-wrappers';

export interface ProtobufSchema {
  root: protobuf.Root;
  /** The main file's message types, in declaration order, for message-index lookup. */
  fileMessages: protobuf.Type[];
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true };

/** One schema file's package, imports and own message names (in declaration order), once added to a root. */
interface SchemaFile {
  package: string | undefined;
  imports: string[];
  messages: string[];
}

/**
 * Adds one registry schema to the root: .proto text, or the base64 of a serialized FileDescriptorProto (what
 * Confluent's Python ProtobufSerializer registers; Confluent's own clients read both).
 */
function addSchemaFile(root: protobuf.Root, source: string, filename: string | undefined): SchemaFile {
  const file = fileDescriptorOf(source);
  if (!file) {
    const parsed = protobuf.parse(source, root, { ...PARSE_OPTIONS, ...(filename ? { filename } : {}) } as protobuf.IParseOptions);
    // The file alone, to know which messages are its own and in what order.
    const own = protobuf.parse(source, new protobuf.Root(), PARSE_OPTIONS);
    const ns = parsed.package ? own.root.lookup(parsed.package) : own.root;
    const messages = ((ns as protobuf.Namespace | null)?.nestedArray ?? []).filter((n): n is protobuf.Type => n instanceof protobuf.Type).map((t) => t.fullName);
    return { package: parsed.package, imports: [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])], messages };
  }
  // Type by type, as Root.fromDescriptor does for a file, but into this root (whose imports resolve the types).
  const context = { edition: editionOf(file), keepCase: true };
  const ns = file.package ? root.define(file.package) : root;
  const types = (file.messageType ?? []).map((m) => protobuf.Type.fromDescriptor(m, context));
  for (const t of types) ns.add(t);
  for (const e of file.enumType ?? []) ns.add(protobuf.Enum.fromDescriptor(e, context));
  return { package: file.package || undefined, imports: file.dependency ?? [], messages: types.map((t) => t.fullName) };
}

const EDITIONS: Record<number, string> = { 1000: '2023', 1001: '2024', 1002: '2026' };

function editionOf(file: descriptor.IFileDescriptorProto): string {
  if (file.syntax !== 'editions') return file.syntax === 'proto3' ? 'proto3' : 'proto2';
  const edition = EDITIONS[file.edition as number];
  if (!edition) throw new Error(`Protobuf edition ${String(file.edition)} is not supported`);
  return edition;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The FileDescriptorProto a base64 schema holds; null for .proto text (which always has a space, brace or semicolon). */
function fileDescriptorOf(source: string): descriptor.IFileDescriptorProto | null {
  const text = source.replace(/\s+/g, '');
  if (!BASE64.test(text)) return null;
  try {
    return descriptor.FileDescriptorProto.decode(Buffer.from(text, 'base64')) as descriptor.IFileDescriptorProto;
  } catch (e) {
    throw new Error(`the schema is base64 but not a serialized FileDescriptorProto: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * A registry Protobuf schema (.proto text or base64 FileDescriptorProto) with its references (import path →
 * schema, either form). Imports of google/protobuf well-known types come from protobufjs's bundled definitions.
 */
export function protobufSchema(main: string, references: Map<string, string> = new Map()): ProtobufSchema {
  installWellKnownWrappers();
  const root = new protobuf.Root();
  const common = new Set<string>();
  const addImports = (imports: string[]) => {
    for (const path of imports) {
      const bundled = !references.has(path) ? protobuf.common.get(path) : null;
      if (bundled && !common.has(path)) {
        common.add(path);
        root.addJSON(bundled.nested ?? {});
      }
    }
  };
  for (const [path, source] of references) addImports(addSchemaFile(root, source, path).imports);
  const file = addSchemaFile(root, main, undefined);
  addImports(file.imports);
  root.resolveAll();
  return { root, fileMessages: file.messages.map((name) => root.lookupType(name)) };
}

/** Confluent message indexes → the message type: [i] is the i-th message of the file, [i, j] its j-th nested message, … */
export function messageType(schema: ProtobufSchema, indexes: number[]): protobuf.Type {
  let candidates = schema.fileMessages;
  let type: protobuf.Type | undefined;
  const path: number[] = [];
  for (const index of indexes) {
    path.push(index);
    type = candidates[index];
    if (!type) throw new Error(`invalid Protobuf message index [${path.join(', ')}]: the schema has ${candidates.length} message type(s) there`);
    candidates = type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
  }
  if (!type) throw new Error('empty Protobuf message-index list');
  return type;
}

/** toObject's options: 64-bit integers as bigint (then a number where exact), NaN and ±Infinity as numbers. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: BigInt, enums: String, bytes: String, defaults: true, oneofs: false, json: false };

export function decodeProtobuf(type: protobuf.Type, payload: Uint8Array): unknown {
  let message: protobuf.Message;
  try {
    message = type.decode(payload);
  } catch (e) {
    throw new Error(`Protobuf payload is not a valid ${type.fullName.replace(/^\./, '')}: ${(e as Error).message}`, { cause: e });
  }
  const value = type.toObject(message, TO_OBJECT);
  return hasLongs(type) ? safeLongsAsNumbers(value) : value;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** 64-bit integers within ±(2^53−1) as numbers, as Avro longs and JSON integers are (the others stay bigint). */
function safeLongsAsNumbers(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = safeLongsAsNumbers(v[i]);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) o[k] = safeLongsAsNumbers(o[k]);
  }
  return v;
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const withLongs = new WeakMap<protobuf.Type, boolean>();

/** Whether a message (through its nested messages and maps) has a 64-bit integer field: only then is there a bigint to convert. */
function hasLongs(type: protobuf.Type, seen?: Set<protobuf.Type>): boolean {
  const known = withLongs.get(type);
  if (known !== undefined) return known;
  if (seen?.has(type)) return false; // a recursive message: its own fields are being looked at already
  const visiting = seen ?? new Set<protobuf.Type>();
  visiting.add(type);
  const found = type.fieldsArray.some((f) => LONG_TYPES.has(f.resolve().type) || (f.resolvedType instanceof protobuf.Type && hasLongs(f.resolvedType, visiting)));
  if (!seen || found) withLongs.set(type, found); // a "no" below a cycle is only sure at the top
  return found;
}

/** The Confluent message-index path of a message type by its full name (the inverse of messageType). */
export function messageIndexesOf(schema: ProtobufSchema, fullName: string): number[] {
  const wanted = fullName.replace(/^\./, '');
  const search = (types: protobuf.Type[], path: number[]): number[] | null => {
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (t.fullName.replace(/^\./, '') === wanted) return [...path, i];
      const inner = search(t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type), [...path, i]);
      if (inner) return inner;
    }
    return null;
  };
  const found = search(schema.fileMessages, []);
  if (!found) throw new Error(`the schema has no message type ${wanted} (it has ${schema.fileMessages.map((t) => t.fullName.replace(/^\./, '')).join(', ')})`);
  return found;
}
