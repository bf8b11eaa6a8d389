import type avro from 'avsc';
import type protobuf from 'protobufjs';
import { avroLib, jsonSchemaLib, protobufLib } from '../decode/schema-libs';
import { writeWireFrame } from '../decode/wire-format';
import { compactExact, parseExact } from '../decode/exact-json';
import type { RegisteredSchema } from '../registry/schema-lookup';
import { bad, parseJson, type Which } from './part-encoder';
import { fitAvro, fitProtobuf } from './schema-numbers';

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

/** A part encoded with a registry schema and framed in the wire format; the format's code loads with its first schema. */
export async function encodeWithSchema(which: Which, registered: RegisteredSchema, text: string, messageName?: string): Promise<Uint8Array> {
  const refs = [...registered.resolvedReferences.values()].map((r) => r.schema);
  if (registered.schemaType === 'AVRO') return writeWireFrame(registered.id, encodeAvro(which, (await avroLib()).avroType(registered.schema, refs), text));
  if (registered.schemaType === 'JSON') {
    const value = parseJson(which, text);
    const { validationProblems, jsonSchemaValidator } = await jsonSchemaLib();
    const problems = validationProblems(jsonSchemaValidator(registered.schema, refs), value);
    if (problems.length) throw bad(which, `does not match the JSON Schema: ${problems.join('; ')}`, problems[0]!.split(':')[0]);
    return writeWireFrame(registered.id, Buffer.from(compactExact(text), 'utf8')); // compact, every digit kept
  }
  const { protobufSchema, messageIndexesOf, messageType } = await protobufLib();
  const schema = protobufSchema(registered.schema, new Map([...registered.resolvedReferences].map(([n, r]) => [n, r.schema])));
  const indexes = messageName ? messageIndexesOf(schema, messageName) : [0];
  return writeWireFrame(registered.id, encodeProtobuf(which, messageType(schema, indexes), text), indexes);
}

