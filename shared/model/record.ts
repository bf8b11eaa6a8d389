import type { ErrorCode } from '../errors';

/** How a key or value is read. `auto` tries the schema-registry wire format, then JSON, then UTF-8, then hex. */
export type PartFormat = 'auto' | 'schema-registry' | 'json' | 'string' | 'hex' | 'base64';

export interface WireFacts {
  magic: number;
  schemaId: number;
  schemaType?: 'AVRO' | 'PROTOBUF' | 'JSON';
  /** Protobuf only: which message of the schema file. */
  messageIndexes?: number[];
  messageType?: string;
}

export interface DecodedPart {
  kind: 'null' | 'avro' | 'protobuf' | 'json-schema' | 'json' | 'string' | 'hex' | 'base64';
  /**
   * The decoded value: an integer beyond ±(2^53−1) (Avro long, Protobuf 64-bit, a JSON integer) as a bigint, every
   * other number a number (NaN and ±Infinity included), bytes as base64. Write it with shared/exact-json
   * (JSON.stringify throws on a bigint and writes NaN as null).
   */
  value?: unknown;
  size: number;
  wire?: WireFacts;
  /** Why the bytes could not be decoded as asked; `value` then holds their hex. */
  error?: string;
  /** The error is the schema registry's (no answer, unreachable, credentials refused, server error), not the bytes': its code. */
  registryFailure?: ErrorCode;
  /** Decoded, but with problems (e.g. JSON Schema validation). */
  warnings?: string[];
  /**
   * `auto` only: the bytes looked like a richer format and were not, so they show as the next one tried
   * (text starting with "{" that is not valid JSON → string; bytes that are not text → hex). Says why.
   * Unlike `error`, nothing was asked explicitly and `value` is the fallback's decoding.
   */
  fallback?: string;
}

/** Why a part is not shown as decoded data: its decode error, or the reason `auto` fell back. */
export function decodeProblem(part: DecodedPart): { kind: 'error' | 'fallback'; reason: string } | null {
  if (part.error) return { kind: 'error', reason: part.error };
  if (part.fallback) return { kind: 'fallback', reason: part.fallback };
  return null;
}

/** True when the key or the value could not be decoded, or fell back (the grid's badge, "only undecodable"). */
export const isUndecodable = (r: { key: DecodedPart; value: DecodedPart }) => decodeProblem(r.key) !== null || decodeProblem(r.value) !== null;
