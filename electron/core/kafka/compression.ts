import { gunzipSync } from 'node:zlib';
import { lazy } from '../util/lazy';
import { unlz4 } from './codecs/lz4';
import { COMPRESSION_NAMES } from './record-batch';

// snappyjs and the zstd decoders load with the first batch that needs them (most topics never do).
const snappy = lazy(async () => (await import('./codecs/snappy')).unsnappy);
const zstd = lazy(async () => {
  const { unzstd, zstdWasmLoaded } = await import('./codecs/zstd');
  await zstdWasmLoaded;
  return (body: Buffer) => unzstd(body);
});

/**
 * A batch's records section, uncompressed: gzip from zlib, snappy (raw or xerial-framed), lz4 (frame
 * format) and zstd from pure-JS codecs (zstd from zlib where this Node has it). Errors name the codec.
 */
export async function decompress(kind: number, body: Buffer): Promise<Buffer> {
  if (kind === 0) return body;
  const name = COMPRESSION_NAMES[kind] ?? `codec ${kind}`;
  try {
    switch (kind) {
      case 1:
        return gunzipSync(body);
      case 2:
        return (await snappy())(body);
      case 3:
        return unlz4(body);
      case 4:
        return (await zstd())(body);
    }
  } catch (e) {
    throw new Error(`${name} records cannot be decompressed: ${(e as Error).message}`, { cause: e });
  }
  throw new Error(`records compressed with ${name}, which Kafka does not define (attributes bits 0-2 = ${kind})`);
}
