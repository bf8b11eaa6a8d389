import type { PartDecoding, TopicDecoding } from '../../../shared/model/messages';
import type { DecodedPart } from '../../../shared/model/record';
import type { PartDecoder } from '../decode/part-decoder';
import { protobufLib } from '../decode/schema-libs';
import { writeWireFrame } from '../decode/wire-format';
import { spanView } from '../kafka/record-spans';
import type { SchemaLookup } from '../registry/schema-lookup';
import type { SubjectSchemas } from '../registry/subject-schemas';

/** The registry lookups decoding needs (a scan worker asks the core for them: it never holds credentials). */
export interface RegistryLookups {
  schemas: Pick<SchemaLookup, 'get'>;
  subjects: Pick<SubjectSchemas, 'get'>;
}

export interface PartReader {
  (bytes: Buffer | null): DecodedPart | Promise<DecodedPart>;
  /** The same read of the bytes at [at, at + length) of a records section (length -1: null), without a view of them where it can. */
  at?: SpanReader;
}
export type SpanReader = (section: Buffer, at: number, length: number) => DecodedPart | Promise<DecodedPart>;

/** The reader's span form, or one that reads a view of the span. */
export function spanReader(read: PartReader): SpanReader {
  return read.at ?? ((section, at, length) => read(spanView(section, at, length)));
}

/**
 * How one part is read: the plain formats synchronously, the registry ones awaiting only a schema fetch.
 * `fields`: only these top-level fields are needed (by a filter): see PartDecoder.decode.
 */
export async function partReader(decoding: PartDecoding, parts: PartDecoder, registry: RegistryLookups | null, fields?: ReadonlySet<string>): Promise<PartReader> {
  if (decoding.format !== 'subject') {
    const format = decoding.format;
    const read: PartReader = (bytes) => parts.decodeSync(bytes, format, fields) ?? parts.decode(bytes, format, fields);
    read.at = (section, at, length) => parts.decodeSyncAt(section, at, length, format, fields) ?? parts.decode(spanView(section, at, length), format, fields);
    return read;
  }
  if (!registry) {
    const reason = `decoding by subject "${decoding.subject}" needs a schema registry, and this profile has none`;
    return (bytes) => (bytes === null ? { kind: 'null', value: null, size: 0 } : { kind: 'hex', value: bytes.toString('hex'), size: bytes.length, error: reason });
  }
  const version = await registry.subjects.get(decoding.subject, decoding.version);
  let indexes: number[] | undefined;
  if (version.schemaType === 'PROTOBUF') {
    const registered = await registry.schemas.get(version.id);
    const { protobufSchema, messageIndexesOf } = await protobufLib();
    const schema = protobufSchema(registered.schema, new Map([...registered.resolvedReferences].map(([name, r]) => [name, r.schema])));
    indexes = decoding.messageType ? messageIndexesOf(schema, decoding.messageType) : [0];
  }
  // The bytes carry no wire-format header: frame them with the subject's schema id and decode as usual.
  return async (bytes) => {
    if (bytes === null) return { kind: 'null', value: null, size: 0 };
    const framed = writeWireFrame(version.id, bytes, indexes);
    const part = parts.decodeSync(framed, 'schema-registry', fields) ?? (await parts.decode(framed, 'schema-registry', fields));
    part.size = bytes.length;
    if (part.error) part.value = bytes.toString('hex');
    return part;
  };
}

export interface RecordReaders {
  key: PartReader;
  value: PartReader;
  /** A value reader that builds only these top-level fields, for a filter (never for display). */
  valueFields(fields: ReadonlySet<string>): Promise<PartReader>;
  formats: { key: PartDecoding['format']; value: PartDecoding['format'] };
  /** See PartDecoder.avroTextFields. */
  avroTextFields(schemaId: number, paths: readonly (readonly string[])[]): boolean | null;
}

export async function recordReaders(decoding: TopicDecoding, parts: PartDecoder, registry: RegistryLookups | null): Promise<RecordReaders> {
  const [key, value] = await Promise.all([partReader(decoding.key, parts, registry), partReader(decoding.value, parts, registry)]);
  const valueFields = (fields: ReadonlySet<string>) => partReader(decoding.value, parts, registry, fields);
  return { key, value, valueFields, formats: { key: decoding.key.format, value: decoding.value.format }, avroTextFields: (id, paths) => parts.avroTextFields(id, paths) };
}
