import snappy from 'snappyjs';

/** The Java client's xerial-snappy stream header: magic, then version and compatible version (int32 each). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

export const isXerialFramed = (body: Buffer) => body.length >= XERIAL_HEADER_BYTES && body.subarray(0, 8).equals(XERIAL_MAGIC);

/**
 * A snappy-compressed records section. The Java client writes xerial framing (header, then chunks of
 * int32 length + raw snappy block); librdkafka writes one raw snappy block. Both are read.
 */
export function unsnappy(body: Buffer): Buffer {
  if (!isXerialFramed(body)) return snappy.uncompress(body);
  const chunks: Buffer[] = [];
  let pos = XERIAL_HEADER_BYTES;
  while (pos < body.length) {
    if (pos + 4 > body.length) throw new Error('snappy (xerial) chunk length cut short');
    const length = body.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > body.length) throw new Error(`snappy (xerial) chunk of ${length} bytes runs past the end of the batch`);
    chunks.push(snappy.uncompress(body.subarray(pos, pos + length)));
    pos += length;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
