import { createHash } from 'node:crypto';
import { FloeError } from '../../../shared/errors';
import { avroChecker } from '../decode/avro-reader';
import { parseExact } from '../decode/exact-json';
import { messageType, protobufSchema } from '../decode/protobuf';
import { readMessageIndexes, readWireFrame, wireSchemaId } from '../decode/wire-format';
import type { SchemaLookup } from '../registry/schema-lookup';
import { landingAvroType, mapAvroSchema } from './type-mapping/avro-mapping';
import { mapConnectSchema } from './type-mapping/connect-json-mapping';
import { mapJsonSchema } from './type-mapping/json-schema-mapping';
import { field, type MappedSchema } from './type-mapping/mapped-schema';
import { LANDING_PROTOBUF_OBJECT, mapProtobufMessage } from './type-mapping/protobuf-mapping';

/** A key or value decoded for landing: the schema it was written with, mapped to Iceberg, and its row. */
export interface LandedPart {
  /** Names the writer's schema: `registry:<id>[:<message indexes>]`, `connect:<hash>`, or `text`. */
  schemaKey: string;
  /** The schema's own text, to show beside the table's when it cannot land. */
  schemaText: string;
  mapped: MappedSchema;
  /** null: the part is null (a tombstone value, or a Connect payload of null). */
  row: Record<string, unknown> | null;
}

/** A record that cannot land as it is; the bad-record policy decides what happens to it. */
export class BadRecord extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

type Reader = (payload: Uint8Array) => unknown;
interface Compiled {
  schemaKey: string;
  text: string;
  mapped: MappedSchema;
  read: Reader;
}

function textMapping(name: string): MappedSchema {
  return { fields: [field(name, { kind: 'string' }, false)], convert: (v) => ({ [name]: v }), notes: [`${name}: no schema (neither the registry's wire format nor Connect JSON with a schema): lands as its text`] };
}

/**
 * Decodes record keys and values for landing into Iceberg rows: the registry's wire format (Avro, Protobuf, JSON
 * Schema), Kafka Connect JSON with an embedded schema (Debezium's default), else UTF-8 text. Compiled schemas are kept.
 */
export class LandDecoder {
  private readonly compiled = new Map<string, Promise<Compiled>>();
  /** Compiled Avro and JSON Schema schemas by id: the per-record path then needs no registry lookup or await. */
  private readonly byId = new Map<number, Compiled>();
  private readonly text = { key: textMapping('key'), value: textMapping('value') };

  constructor(private readonly registry: SchemaLookup | null) {}

  async decode(bytes: Uint8Array | null, part: 'key' | 'value'): Promise<LandedPart | null> {
    const now = this.decodeNow(bytes, part);
    if (now !== undefined) return now;
    if (bytes![0] === 0 && this.registry) return this.fromRegistry(bytes!);
    const text = this.textOf(bytes!, part);
    return (await this.connectEnvelope(text)) ?? this.asText(text, part);
  }

  /**
   * decode() without waiting, when nothing needs a registry lookup or a schema compiled (a schema seen before, text);
   * undefined when it must wait (then call decode()).
   */
  decodeNow(bytes: Uint8Array | null, part: 'key' | 'value'): LandedPart | null | undefined {
    if (bytes === null) return null;
    if (bytes.length > 0 && bytes[0] === 0 && this.registry) {
      const frame = readWireFrame(bytes);
      if (!frame.ok) throw new BadRecord(frame.reason);
      const ready = this.byId.get(frame.frame.schemaId);
      const payload = frame.frame.payload;
      return ready ? this.converted(ready, (c) => c.mapped.convert(c.read(payload))) : undefined;
    }
    const text = this.textOf(bytes, part);
    if (text.startsWith('{"schema"') || (text.startsWith('{') && text.includes('"payload"') && text.includes('"schema"'))) return undefined;
    return this.asText(text, part);
  }

  /**
   * The schema of a value in the registry's wire format that the direct path reads (Avro, compiled already, every
   * field read by avro-direct.ts): its Avro body starts at byte 5. Undefined for any other value.
   */
  directSchema(bytes: Uint8Array | null): { schemaKey: string; mapped: MappedSchema } | undefined {
    if (bytes === null || bytes.length < 5 || bytes[0] !== 0 || !this.registry) return undefined;
    const c = this.byId.get(wireSchemaId(bytes));
    return c?.mapped.direct ? c : undefined;
  }

  private textOf(bytes: Uint8Array, part: 'key' | 'value'): string {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new BadRecord(`the ${part} is neither in the schema registry's wire format nor UTF-8 text`);
    }
  }

  private asText(text: string, part: 'key' | 'value'): LandedPart {
    return { schemaKey: `text:${part}`, schemaText: 'text', mapped: this.text[part], row: { [part]: text } };
  }

  private async connectEnvelope(text: string): Promise<LandedPart | null> {
    let doc: unknown;
    try {
      doc = parseExact(text);
    } catch {
      return null;
    }
    if (!doc || typeof doc !== 'object' || !('schema' in doc) || !('payload' in doc)) return null;
    const { schema, payload } = doc as { schema: unknown; payload: unknown };
    if (!schema || typeof schema !== 'object') return null;
    const schemaText = JSON.stringify(schema, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
    const key = `connect:${createHash('sha1').update(schemaText).digest('hex').slice(0, 16)}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = Promise.resolve().then(() => ({ schemaKey: key, text: schemaText, mapped: mapConnectSchema(schema), read: (p: Uint8Array) => p }));
      this.compiled.set(key, compiled);
    }
    return this.convert(compiled, (c) => (payload === null ? null : c.mapped.convert(payload)));
  }

  private async fromRegistry(bytes: Uint8Array): Promise<LandedPart> {
    const frame = readWireFrame(bytes);
    if (!frame.ok) throw new BadRecord(frame.reason);
    const { schemaId } = frame.frame;
    let payload = frame.frame.payload;
    let key = `registry:${schemaId}`;
    let indexes: number[] | undefined;
    const registered = await this.registry!.get(schemaId).catch((e: unknown) => {
      if (e instanceof FloeError && e.code === 'NOT_FOUND') throw new BadRecord((e as Error).message);
      throw e; // an unreachable registry is not the record's fault: the job pauses
    });
    if (registered.schemaType === 'PROTOBUF') {
      const read = readMessageIndexes(payload);
      if (!read.ok) throw new BadRecord(read.reason);
      indexes = read.indexes;
      payload = read.rest;
      key = `${key}:${indexes.join('.')}`;
    }
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = Promise.resolve().then(() => compile(key, registered.schemaType, registered.schema, registered.resolvedReferences, indexes));
      compiled.then(
        (c) => void (registered.schemaType !== 'PROTOBUF' && this.byId.set(schemaId, c)),
        () => this.compiled.delete(key),
      );
      this.compiled.set(key, compiled);
    }
    const body = payload;
    return this.convert(compiled, (c) => c.mapped.convert(c.read(body)));
  }

  private async convert(compiled: Promise<Compiled>, row: (c: Compiled) => Record<string, unknown> | null): Promise<LandedPart> {
    return this.converted(await compiled, row);
  }

  private converted(c: Compiled, row: (c: Compiled) => Record<string, unknown> | null): LandedPart {
    const key = c.schemaKey;
    try {
      return { schemaKey: key, schemaText: c.text, mapped: c.mapped, row: row(c) };
    } catch (e) {
      if (e instanceof FloeError && e.code !== 'BAD_INPUT') throw e;
      throw new BadRecord(`does not match its schema (${key}): ${(e as Error).message}`);
    }
  }
}

function compile(key: string, type: string, schema: string, refs: Map<string, { schema: string }>, indexes?: number[]): Compiled {
  if (type === 'AVRO') {
    const refTexts = [...refs.values()].map((r) => r.schema);
    const avro = landingAvroType(schema, refTexts);
    const check = avroChecker(avro);
    const read = (p: Uint8Array) => {
      check(p);
      return avro.fromBuffer(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    };
    return { schemaKey: key, text: schema, mapped: mapAvroSchema(schema, refTexts), read };
  }
  if (type === 'PROTOBUF') {
    const proto = protobufSchema(schema, new Map([...refs].map(([name, r]) => [name, r.schema])));
    const message = messageType(proto, indexes ?? [0]);
    return { schemaKey: key, text: schema, mapped: mapProtobufMessage(message), read: (p) => message.toObject(message.decode(p), LANDING_PROTOBUF_OBJECT) };
  }
  if (type === 'JSON') return { schemaKey: key, text: schema, mapped: mapJsonSchema(schema), read: (p) => parseExact(Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8')) };
  throw new FloeError('UNSUPPORTED', `schema type ${type} cannot land`);
}
