import lz4 from 'lz4js';

const FRAME_MAGIC = 0x184d2204;

/** An LZ4-frame-compressed records section (what Kafka's magic-v2 batches hold, from Java and librdkafka alike). */
export function unlz4(body: Buffer): Buffer {
  if (body.length < 7 || body.readUInt32LE(0) !== FRAME_MAGIC) throw new Error('lz4 data does not start with an LZ4 frame header');
  const out = lz4.decompress(body);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}
