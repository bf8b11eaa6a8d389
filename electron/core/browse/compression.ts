import kafkajs from 'kafkajs';
import { gunzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { COMPRESSION_NAMES } from './record-batch';

type Codec = { decompress(buffer: Buffer): Promise<Buffer> };
const zstdSync = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;

/**
 * A batch's records section, uncompressed. gzip (and zstd where this Node has it) come from zlib; snappy,
 * lz4 and zstd otherwise from a codec registered with kafkajs's CompressionCodecs, if any.
 * Throws a message naming the codec when none can read it.
 */
export async function decompress(kind: number, body: Buffer): Promise<Buffer> {
  if (kind === 0) return body;
  if (kind === 1) return gunzipSync(body);
  if (kind === 4 && zstdSync) return zstdSync(body);
  const name = COMPRESSION_NAMES[kind] ?? `codec ${kind}`;
  const factory = (kafkajs.CompressionCodecs as unknown as Record<number, (() => Codec) | undefined>)[kind];
  const missing = () => new Error(`records compressed with ${name}, which this build of Floe cannot decompress`);
  if (!factory) throw missing();
  try {
    return await factory().decompress(body);
  } catch (e) {
    // kafkajs ships placeholders for snappy, lz4 and zstd that throw "… not implemented".
    if (/not implemented/i.test((e as Error).message)) throw missing();
    throw e;
  }
}
