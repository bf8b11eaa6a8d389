import protobuf from 'protobufjs';
import { installWellKnownWrappers } from './protobuf-wrappers';

export interface ProtobufSchema {
  root: protobuf.Root;
  /** The main file's message types, in declaration order, for message-index lookup. */
  fileMessages: protobuf.Type[];
}

const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true };

/**
 * A registry Protobuf schema (.proto text) with its references (import path → .proto text). Imports of
 * google/protobuf well-known types come from protobufjs's bundled definitions.
 */
export function protobufSchema(main: string, references: Map<string, string> = new Map()): ProtobufSchema {
  installWellKnownWrappers();
  const root = new protobuf.Root();
  const common = new Set<string>();
  const addImports = (imports: string[] | undefined) => {
    for (const path of imports ?? []) {
      const bundled = !references.has(path) ? protobuf.common.get(path) : null;
      if (bundled && !common.has(path)) {
        common.add(path);
        root.addJSON(bundled.nested ?? {});
      }
    }
  };
  for (const [path, source] of references) addImports(protobuf.parse(source, root, { ...PARSE_OPTIONS, filename: path } as protobuf.IParseOptions).imports);
  const parsed = protobuf.parse(main, root, PARSE_OPTIONS);
  addImports(parsed.imports);
  root.resolveAll();

  // The main file alone, to know which messages are its own and in what order.
  const own = protobuf.parse(main, new protobuf.Root(), PARSE_OPTIONS);
  const ns = parsed.package ? own.root.lookup(parsed.package) : own.root;
  const names = ((ns as protobuf.Namespace | null)?.nestedArray ?? []).filter((n): n is protobuf.Type => n instanceof protobuf.Type).map((t) => t.fullName);
  return { root, fileMessages: names.map((name) => root.lookupType(name)) };
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

export function decodeProtobuf(type: protobuf.Type, payload: Uint8Array): unknown {
  let message: protobuf.Message;
  try {
    message = type.decode(payload);
  } catch (e) {
    throw new Error(`Protobuf payload is not a valid ${type.fullName.replace(/^\./, '')}: ${(e as Error).message}`, { cause: e });
  }
  return type.toObject(message, { longs: String, enums: String, bytes: String, defaults: true, oneofs: false, json: true });
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
