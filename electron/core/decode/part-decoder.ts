import type { ValidateFunction } from 'ajv';
import type avro from 'avsc';
import { isFloeError, type ErrorCode } from '../../../shared/errors';
import { hasLongDigitRun, parseExactJson } from '../../../shared/exact-json';
import type { DecodedPart, PartFormat } from '../../../shared/model/record';
import { spanView } from '../kafka/record-spans';
import type { RegisteredSchema, SchemaLookup } from '../registry/schema-lookup';
import { asciiJsonAt } from './ascii-json';
import type { AvroReader } from './avro-reader';
import type { ProtobufSchema } from './protobuf';
import { avroLib, jsonSchemaLib, protobufLib, type AvroLib, type JsonSchemaLib, type ProtobufLib } from './schema-libs';
import { readMessageIndexes, readWireFrame, wireSchemaId } from './wire-format';

/** A registry schema, compiled, with its format's code (loaded with the first schema of that format). */
type Compiled =
  | { type: 'AVRO'; lib: AvroLib; avro: avro.Type; read: AvroReader; projections: WeakMap<ReadonlySet<string>, AvroReader> }
  | { type: 'PROTOBUF'; lib: ProtobufLib; proto: ProtobufSchema }
  | { type: 'JSON'; lib: JsonSchemaLib; validate: ValidateFunction };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** How long a schema that could not be had is answered from memory before it is asked for again. */
const FAILURE_KEPT_MS = 1000;
/** Schema lookups that failed because of the registry, not because of the schema id in the bytes. */
const REGISTRY_FAILURES = new Set<ErrorCode>(['TIMEOUT', 'UNREACHABLE', 'AUTH_FAILED', 'TLS_ERROR', 'REMOTE_ERROR']);
/** The first C0 control other than tab, newline, carriage return (binary that happens to be valid UTF-8), or -1. */
function controlCharacterAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
  }
  return -1;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * Decodes record keys and values. Never throws for bad bytes: an undecodable part comes back as hex
 * with the precise reason (wrong magic byte, unknown schema id, truncated payload, bad message index).
 */
export class PartDecoder {
  private readonly compiled = new Map<number, Promise<Compiled>>();
  private readonly ready = new Map<number, Compiled>();
  /** Schemas that could not be had, answered without a promise for a while (a topic of unknown ids scanned 4× slower). */
  private readonly failed = new Map<number, { error: unknown; at: number }>();

  constructor(private readonly schemas: Pick<SchemaLookup, 'get'> | null) {}

  /**
   * `fields`: a filter reads only these top-level fields; an Avro record is then built with just them (the
   * other formats decode whole). Such a part is for the filter only, never for display.
   */
  async decode(bytes: Uint8Array | null, format: PartFormat = 'auto', fields?: ReadonlySet<string>): Promise<DecodedPart> {
    const ready = this.decodeSync(bytes, format, fields);
    if (ready) return ready;
    return this.viaRegistry(bytes!, fields);
  }

  /**
   * decode() without a promise when no schema has to be fetched first (plain formats, or a schema id
   * already compiled): a scan calls this per record and awaits decode() only on a cache miss.
   * Returns null when decode() is needed.
   */
  decodeSync(bytes: Uint8Array | null, format: PartFormat = 'auto', fields?: ReadonlySet<string>): DecodedPart | null {
    if (bytes === null) return { kind: 'null', value: null, size: 0 };
    const size = bytes.length;
    switch (format) {
      case 'hex':
        return { kind: 'hex', value: hex(bytes), size };
      case 'base64':
        return { kind: 'base64', value: Buffer.from(bytes).toString('base64'), size };
      case 'string':
        return this.asText(bytes, false) ?? this.undecodable(bytes, notText(bytes));
      case 'json':
        return this.asText(bytes, true) ?? this.undecodable(bytes, notJson(bytes));
      case 'schema-registry':
        return this.viaRegistrySync(bytes, fields);
      case 'auto':
        if (bytes[0] === 0 && bytes.length >= 5 && this.schemas) return this.viaRegistrySync(bytes, fields);
        return autoText(bytes);
    }
  }

  /**
   * decodeSync() of the bytes at [at, at + length) of a records section (length -1: null). A scan's per-record call:
   * a JSON value in ASCII is parsed from the section itself, any other part decoded from a view of its bytes.
   */
  decodeSyncAt(section: Buffer, at: number, length: number, format: PartFormat = 'auto', fields?: ReadonlySet<string>): DecodedPart | null {
    if (format === 'auto' || format === 'json') {
      const value = asciiJsonAt(section, at, length);
      if (value !== undefined) return { kind: 'json', value, size: length };
    }
    return this.decodeSync(spanView(section, at, length), format, fields);
  }

  private asText(bytes: Uint8Array, json: boolean): DecodedPart | null {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return null;
    }
    if (!json) return controlCharacterAt(text) >= 0 ? null : { kind: 'string', value: text, size: bytes.length };
    const trimmed = text.trimStart();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
    try {
      return { kind: 'json', value: parseExactJson(text), size: bytes.length };
    } catch {
      return null;
    }
  }

  private undecodable(bytes: Uint8Array, reason: string, wire?: DecodedPart['wire']): DecodedPart {
    return { kind: 'hex', value: hex(bytes), size: bytes.length, error: reason, ...(wire ? { wire } : {}) };
  }

  /**
   * Whether every path names, in values of registry schema `schemaId`, a field reached through records alone whose
   * value is an Avro string (alone or in a union with null): its text is then in the payload byte for byte, after its
   * length. null while the schema is not compiled here; false for a schema that is not Avro.
   */
  avroTextFields(schemaId: number, paths: readonly (readonly string[])[]): boolean | null {
    const compiled = this.ready.get(schemaId);
    if (!compiled) return null;
    return compiled.type === 'AVRO' && paths.every((path) => isAvroText(compiled.avro, path));
  }

  private async viaRegistry(bytes: Uint8Array, fields?: ReadonlySet<string>): Promise<DecodedPart> {
    const frame = readWireFrame(bytes);
    if (!frame.ok) return this.undecodable(bytes, frame.reason);
    const wire: NonNullable<DecodedPart['wire']> = { magic: 0, schemaId: frame.frame.schemaId };
    if (!this.schemas) return this.undecodable(bytes, `schema id ${wire.schemaId}: this profile has no schema registry`, wire);
    let compiled: Compiled;
    try {
      compiled = await this.compile(frame.frame.schemaId);
    } catch (e) {
      return this.withoutSchema(bytes, wire, e);
    }
    return this.decodeFramed(bytes, compiled, wire, fields);
  }

  /** A part whose schema could not be had (unknown id, registry down, a schema that does not compile). */
  private withoutSchema(bytes: Uint8Array, wire: NonNullable<DecodedPart['wire']>, e: unknown): DecodedPart {
    const registryFailure = isFloeError(e) && REGISTRY_FAILURES.has(e.code) ? e.code : undefined;
    return { ...this.undecodable(bytes, (e as Error).message, wire), ...(registryFailure ? { registryFailure } : {}) };
  }

  /** null when the schema is not compiled yet. */
  private viaRegistrySync(bytes: Uint8Array, fields?: ReadonlySet<string>): DecodedPart | null {
    // The per-record path of a scan: a well-formed header with an already compiled schema, no frame objects.
    if (bytes.length >= 5 && bytes[0] === 0 && this.schemas) {
      const schemaId = wireSchemaId(bytes);
      const compiled = this.ready.get(schemaId);
      if (compiled) return this.decodeFramed(bytes, compiled, { magic: 0, schemaId, schemaType: compiled.type }, fields);
      const failed = this.failed.get(schemaId);
      return failed && performance.now() - failed.at < FAILURE_KEPT_MS ? this.withoutSchema(bytes, { magic: 0, schemaId }, failed.error) : null;
    }
    const frame = readWireFrame(bytes);
    if (!frame.ok) return this.undecodable(bytes, frame.reason);
    const wire: NonNullable<DecodedPart['wire']> = { magic: 0, schemaId: frame.frame.schemaId };
    if (!this.schemas) return this.undecodable(bytes, `schema id ${wire.schemaId}: this profile has no schema registry`, wire);
    const compiled = this.ready.get(frame.frame.schemaId);
    return compiled ? this.decodeFramed(bytes, compiled, wire, fields) : null;
  }

  /** The payload after the 5-byte wire-format header, decoded with its compiled schema. */
  private decodeFramed(bytes: Uint8Array, compiled: Compiled, wire: NonNullable<DecodedPart['wire']>, fields?: ReadonlySet<string>): DecodedPart {
    wire.schemaType = compiled.type;
    const size = bytes.length;
    try {
      if (compiled.type === 'AVRO') return { kind: 'avro', value: compiled.lib.readAvro(fields ? projected(compiled, fields) : compiled.read, compiled.avro, bytes, 5), size, wire };
      const payload = bytes.subarray(5);
      if (compiled.type === 'PROTOBUF') {
        const indexes = readMessageIndexes(payload);
        if (!indexes.ok) return this.undecodable(bytes, indexes.reason, wire);
        wire.messageIndexes = indexes.indexes;
        const type = compiled.lib.messageType(compiled.proto, indexes.indexes);
        wire.messageType = type.fullName.replace(/^\./, '');
        return { kind: 'protobuf', value: compiled.lib.decodeProtobuf(type, indexes.rest), size, wire };
      }
      const text = utf8.decode(payload);
      const value = parseExactJson(text);
      // ajv checks numbers, not bigints: it validates the value as JSON.parse reads it.
      const warnings = compiled.lib.validationProblems(compiled.validate, hasLongDigitRun(text) ? JSON.parse(text) : value);
      return { kind: 'json-schema', value, size, wire, ...(warnings.length ? { warnings } : {}) };
    } catch (e) {
      return this.undecodable(bytes, (e as Error).message, wire);
    }
  }

  private compile(id: number): Promise<Compiled> {
    let found = this.compiled.get(id);
    if (!found) {
      found = this.schemas!.get(id).then(compileSchema);
      found.then(
        (c) => {
          this.ready.set(id, c);
          this.failed.delete(id);
        },
        (error: unknown) => {
          this.compiled.delete(id); // a registry outage is retried (SchemaLookup spaces the retries)
          this.failed.set(id, { error, at: performance.now() });
        },
      );
      this.compiled.set(id, found);
    }
    return found;
  }
}

function isAvroText(type: avro.Type, path: readonly string[]): boolean {
  let t = type;
  for (const name of path) {
    const field = t.typeName === 'record' ? (t as avro.types.RecordType).field(name) : undefined;
    if (!field) return false;
    t = field.type;
  }
  if (t.typeName === 'string') return true;
  return t.typeName === 'union:unwrapped' && (t as avro.types.UnwrappedUnionType).types.every((b) => b.typeName === 'string' || b.typeName === 'null');
}

/**
 * `auto` for bytes without a registry frame: JSON when it parses (integers past 2^53 exact), else text, else hex.
 * A part that looked like more than it turned out to be (JSON that does not parse, bytes that are not text)
 * says why in `fallback`.
 */
function autoText(bytes: Uint8Array): DecodedPart {
  const size = bytes.length;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'hex', value: hex(bytes), size, fallback: binaryReason(bytes, 'not valid UTF-8 text') };
  }
  let notJson: string | undefined;
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { kind: 'json', value: parseExactJson(text), size };
    } catch (e) {
      notJson = `not valid JSON: ${(e as Error).message}`;
    }
  }
  if (controlCharacterAt(text) >= 0) return { kind: 'hex', value: hex(bytes), size, fallback: notJson ?? binaryReason(bytes, 'binary: holds control characters, so not text') };
  return notJson ? { kind: 'string', value: text, size, fallback: notJson } : { kind: 'string', value: text, size };
}

/**
 * Why bytes show as hex under auto: not text, and not the schema-registry wire format either (no magic byte), or a
 * wire-format header with no registry to read it.
 */
function binaryReason(bytes: Uint8Array, otherwise: string): string {
  if (bytes[0] !== 0) return `${otherwise}, and no magic byte 0x00 (not the schema-registry wire format)`;
  if (bytes.length < 5) return `${otherwise}, and too short for the schema-registry wire format (${bytes.length} bytes, its header has 5)`;
  const schemaId = wireSchemaId(bytes) >>> 0;
  return `wire-format header (magic byte 0, schema id ${schemaId}) but this profile has no schema registry`;
}

/** Why bytes are not text, for the explicit string format (free of offsets, so a summary counts one reason). */
function notText(bytes: Uint8Array): string {
  try {
    utf8.decode(bytes);
  } catch {
    return 'not valid UTF-8';
  }
  return 'not text (it holds control characters)';
}

/** Why bytes are not JSON, for the explicit json format: not text, or what JSON.parse says. */
function notJson(bytes: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return notText(bytes);
  }
  try {
    JSON.parse(text);
    return 'not a JSON object or array';
  } catch (e) {
    return `not valid JSON: ${(e as Error).message}`;
  }
}

/** The schema's reader for these fields, compiled once per field set (a scan passes the same set for every record). */
function projected(compiled: Extract<Compiled, { type: 'AVRO' }>, fields: ReadonlySet<string>): AvroReader {
  let read = compiled.projections.get(fields);
  if (!read) {
    read = compiled.lib.avroProjectedReader(compiled.avro, fields) ?? compiled.read;
    compiled.projections.set(fields, read);
  }
  return read;
}

async function compileSchema(s: RegisteredSchema): Promise<Compiled> {
  const refs = [...s.resolvedReferences.values()].map((r) => r.schema);
  try {
    if (s.schemaType === 'AVRO') {
      const lib = await avroLib();
      const type = lib.avroType(s.schema, refs);
      return { type: 'AVRO', lib, avro: type, read: lib.avroReader(type), projections: new WeakMap() };
    }
    if (s.schemaType === 'PROTOBUF') {
      const lib = await protobufLib();
      return { type: 'PROTOBUF', lib, proto: lib.protobufSchema(s.schema, new Map([...s.resolvedReferences].map(([name, r]) => [name, r.schema]))) };
    }
    const lib = await jsonSchemaLib();
    return { type: 'JSON', lib, validate: lib.jsonSchemaValidator(s.schema, refs) };
  } catch (e) {
    throw new Error(`schema id ${s.id} (${s.schemaType}) cannot be compiled: ${(e as Error).message}`, { cause: e });
  }
}
