/**
 * Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then (Protobuf only) the
 * message-index list as zig-zag varints, then the payload.
 */
export interface WireFrame {
  schemaId: number;
  payload: Uint8Array;
}

export type FrameResult = { ok: true; frame: WireFrame } | { ok: false; reason: string };

/** The schema id (signed 32-bit big-endian) of a wire-format header at `at`, read without a view (per-record paths of scans and landing). */
export function wireSchemaId(bytes: Uint8Array, at = 0): number {
  return (bytes[at + 1]! << 24) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 8) | bytes[at + 4]!;
}

export function readWireFrame(bytes: Uint8Array): FrameResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty payload: no magic byte' };
  if (bytes[0] !== 0) return { ok: false, reason: `wrong magic byte 0x${bytes[0]!.toString(16).padStart(2, '0')} (expected 0x00 for the schema-registry wire format)` };
  if (bytes.length < 5) return { ok: false, reason: `truncated: ${bytes.length} bytes, the wire-format header needs 5` };
  const schemaId = wireSchemaId(bytes);
  return { ok: true, frame: { schemaId, payload: bytes.subarray(5) } };
}

/**
 * The Protobuf message-index list: a count, then that many indexes, each a zig-zag varint. A lone 0
 * byte is the common shorthand for [0] (the first message in the file).
 */
export function readMessageIndexes(payload: Uint8Array): { ok: true; indexes: number[]; rest: Uint8Array } | { ok: false; reason: string } {
  let pos = 0;
  const next = (): number | null => {
    let result = 0;
    let shift = 0;
    while (pos < payload.length && shift < 35) {
      const b = payload[pos++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
      shift += 7;
    }
    return null;
  };
  const count = next();
  if (count === null) return { ok: false, reason: 'truncated Protobuf message-index list' };
  if (count === 0) return { ok: true, indexes: [0], rest: payload.subarray(pos) };
  if (count < 0 || count > 100) return { ok: false, reason: `invalid Protobuf message-index count ${count}` };
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) {
    const index = next();
    if (index === null) return { ok: false, reason: 'truncated Protobuf message-index list' };
    if (index < 0) return { ok: false, reason: `invalid Protobuf message index ${index}` };
    indexes.push(index);
  }
  return { ok: true, indexes, rest: payload.subarray(pos) };
}

export function writeMessageIndexes(indexes: number[]): Uint8Array {
  if (indexes.length === 1 && indexes[0] === 0) return new Uint8Array([0]);
  const out: number[] = [];
  const push = (n: number) => {
    let z = ((n << 1) ^ (n >> 31)) >>> 0;
    while (z > 0x7f) {
      out.push((z & 0x7f) | 0x80);
      z >>>= 7;
    }
    out.push(z);
  };
  push(indexes.length);
  indexes.forEach(push);
  return new Uint8Array(out);
}

export function writeWireFrame(schemaId: number, body: Uint8Array, indexes?: number[]): Uint8Array {
  const prefix = indexes ? writeMessageIndexes(indexes) : new Uint8Array(0);
  const out = new Uint8Array(5 + prefix.length + body.length);
  new DataView(out.buffer).setInt32(1, schemaId, false);
  out.set(prefix, 5);
  out.set(body, 5 + prefix.length);
  return out;
}
