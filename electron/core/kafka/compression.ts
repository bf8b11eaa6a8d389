import { gunzipSync } from 'node:zlib';
import { unlz4 } from './codecs/lz4';
import { unsnappy } from './codecs/snappy';
import { unzstd } from './codecs/zstd';
import { COMPRESSION_NAMES } from './record-batch';

/**
 * A batch's records section, uncompressed: gzip from zlib, snappy (raw or xerial-framed), lz4 (frame
 * format) and zstd from pure-JS codecs (zstd from zlib where this Node has it). Errors name the codec.
 */
export function decompress(kind: number, body: Buffer): Buffer {
  if (kind === 0) return body;
  const name = COMPRESSION_NAMES[kind] ?? `codec ${kind}`;
  try {
    switch (kind) {
      case 1:
        return gunzipSync(body);
      case 2:
        return unsnappy(body);
      case 3:
        return unlz4(body);
      case 4:
        return unzstd(body);
    }
  } catch (e) {
    throw new Error(`${name} records cannot be decompressed: ${(e as Error).message}`, { cause: e });
  }
  throw new Error(`records compressed with ${name}, which Kafka does not define (attributes bits 0-2 = ${kind})`);
}
