import * as zlib from 'node:zlib';
import { decompress as fzstd } from 'fzstd';

type ZstdSync = (b: Buffer) => Buffer;
/** zlib's zstd (Node ≥ 22.15, so Electron) when present; the pure-JS fzstd otherwise. */
const native = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

export function unzstd(body: Buffer, useNative = true): Buffer {
  if (native && useNative) return native(body);
  const out = fzstd(body);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}
