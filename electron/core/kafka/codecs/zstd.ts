import * as zlib from 'node:zlib';
import { decompress as wasmDecompress, init as initWasm } from '@bokuweb/zstd-wasm';
import { decompress as fzstd } from 'fzstd';

type ZstdSync = (b: Buffer) => Buffer;
/** zlib's zstd (Node ≥ 22.15, so Electron) when present. */
const native = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;

/**
 * Without it (plain Node 20: the CLI, browser mode): the reference zstd compiled to WebAssembly, ~15× the pure-JS
 * fzstd on the bench's batches (940 vs 62 MiB/s). It loads in the background; until then, or if it cannot load,
 * fzstd decodes.
 */
let wasm: 'loading' | 'ready' | 'failed' = 'loading';
export const zstdWasmLoaded: Promise<boolean> = native
  ? Promise.resolve(false)
  : initWasm().then(
      () => ((wasm = 'ready'), true),
      () => ((wasm = 'failed'), false),
    );

/** `engine` is for tests: each decoder on its own. */
export function unzstd(body: Buffer, engine: 'auto' | 'wasm' | 'js' = 'auto'): Buffer {
  if (native && engine === 'auto') return native(body);
  if (wasm === 'ready' && engine !== 'js') {
    try {
      // A frame that does not declare its size (the Java client streams) is decoded into a buffer this large at most.
      const out = wasmDecompress(body, { defaultHeapSize: Math.max(8 << 20, body.length * 32) });
      return Buffer.from(out.buffer, out.byteOffset, out.length);
    } catch (e) {
      if (engine === 'wasm') throw e;
      // Larger than that guess: fzstd streams without a limit.
    }
  } else if (engine === 'wasm') throw new Error('the WebAssembly zstd decoder is not loaded');
  const out = fzstd(body);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}
