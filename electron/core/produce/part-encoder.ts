import type avro from 'avsc';
import type protobuf from 'protobufjs';
import { FloeError } from '../../../shared/errors';
import type { ProducePart } from '../../../shared/model/produce';
import { avroType } from '../decode/avro';
import { jsonSchemaValidator, validationProblems } from '../decode/json-schema';
import { messageIndexesOf, messageType, protobufSchema } from '../decode/protobuf';
import { writeWireFrame } from '../decode/wire-format';
import { compactExact, parseExact } from '../decode/exact-json';
import { fitAvro, fitProtobuf } from './schema-numbers';
import type { RegisteredSchema } from '../registry/schema-lookup';
import type { ProfileRegistry } from '../registry/registry-clients';

type Which = 'key' | 'value';

const bad = (which: Which, message: string, path?: string) => new FloeError('BAD_INPUT', `${which}: ${message}`, { part: which, ...(path !== undefined ? { path } : {}) });

function parseJson(which: Which, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(which, `not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Avro from JSON text: Avro's JSON encoding, or plain JSON where unions are unambiguous; the first invalid field
 * is named. Integers are read exactly (past 2^53 too) and given to long fields as such.
 */
export function encodeAvro(which: Which, type: avro.Type, text: string): Buffer {
  parseJson(which, text);
  const parsed = fitAvro(type, parseExact(text));
  let value: unknown;
  try {
    value = (type as AvroCopy)._copy(parsed, { coerce: 2 }); // Avro's JSON encoding, as fromString reads it (unions wrapped: {"string": "x"})
  } catch (avroJson) {
    try {
      value = type.clone(parsed, { coerceBuffers: true }); // plain JSON (unions unwrapped where unambiguous)
    } catch {
      // Name the field where the plain JSON goes wrong (avsc's own message may not say, or fail to print a bigint).
      const at = invalidAt(type, parsed);
      if (at) throw bad(which, `does not match the Avro schema at ${at}`, at);
      throw bad(which, `does not match the Avro schema: ${(avroJson as Error).message}`);
    }
  }
  const at = invalidAt(type, value);
  if (at) throw bad(which, `does not match the Avro schema at ${at}`, at);
  return type.toBuffer(value);
}

/** The first path where a value does not fit the Avro type (`/customer/email`), or null. */
function invalidAt(type: avro.Type, value: unknown): string | null {
  let at: string | null = null;
  type.isValid(value, { errorHook: (path: string[]) => (at ??= `/${path.join('/')}`) });
  return at;
}

type AvroCopy = avro.Type & { _copy(value: unknown, opts: { coerce: number }): unknown };

/** Protobuf from JSON text, 64-bit integer fields exact past 2^53. */
function encodeProtobuf(which: Which, type: protobuf.Type, text: string): Uint8Array {
  parseJson(which, text);
  const value = fitProtobuf(type, parseExact(text)) as Record<string, unknown>;
  const problem = type.verify(value);
  if (problem) throw bad(which, `does not match ${type.fullName.replace(/^\./, '')}: ${problem}`, problem.split(':')[0]);
  return type.encode(type.fromObject(value)).finish();
}

export function encodeWithSchema(which: Which, registered: RegisteredSchema, text: string, messageName?: string): Uint8Array {
  const refs = [...registered.resolvedReferences.values()].map((r) => r.schema);
  if (registered.schemaType === 'AVRO') return writeWireFrame(registered.id, encodeAvro(which, avroType(registered.schema, refs), text));
  if (registered.schemaType === 'JSON') {
    const value = parseJson(which, text);
    const problems = validationProblems(jsonSchemaValidator(registered.schema, refs), value);
    if (problems.length) throw bad(which, `does not match the JSON Schema: ${problems.join('; ')}`, problems[0]!.split(':')[0]);
    return writeWireFrame(registered.id, Buffer.from(compactExact(text), 'utf8')); // compact, every digit kept
  }
  const schema = protobufSchema(registered.schema, new Map([...registered.resolvedReferences].map(([n, r]) => [n, r.schema])));
  const indexes = messageName ? messageIndexesOf(schema, messageName) : [0];
  return writeWireFrame(registered.id, encodeProtobuf(which, messageType(schema, indexes), text), indexes);
}

/** The bytes of one part to produce, validated first; errors name the part and, for schemas, the path. */
export async function encodePart(which: Which, part: ProducePart, registry: ProfileRegistry | null): Promise<Buffer | null> {
  switch (part.encoding) {
    case 'null':
      return null;
    case 'string':
      return Buffer.from(part.text, 'utf8');
    case 'json':
      parseJson(which, part.text);
      return Buffer.from(part.text, 'utf8');
    case 'hex': {
      const clean = part.text.replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw bad(which, 'not hex: expected pairs of 0-9 a-f');
      return Buffer.from(clean, 'hex');
    }
    case 'base64': {
      const clean = part.text.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) throw bad(which, 'not base64');
      return Buffer.from(clean, 'base64');
    }
    case 'schema': {
      if (!registry) throw bad(which, `encoding with subject "${part.subject}" needs a schema registry, and this profile has none`);
      const version = await registry.subjects.get(part.subject, part.version);
      const registered = await registry.schemas.get(version.id);
      return Buffer.from(encodeWithSchema(which, registered, part.text, part.messageType));
    }
  }
}
