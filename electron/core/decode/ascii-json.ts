import { hasLongDigitRun, type ExactJson } from '../../../shared/exact-json';

/** Buffer's Latin-1 slice, which @types/node leaves out (Buffer.toString('latin1', …) calls it after checks of its own). */
type LatinSlicing = Buffer & { latin1Slice(start: number, end: number): string };

/**
 * The JSON object or array at [at, at + length) of a records section, when that is ASCII text starting with `{` or `[`
 * that JSON.parse reads exactly (no integer past 2^53) and accepts; otherwise undefined, and the caller decodes the
 * bytes the general way (which also says why they are not JSON).
 *
 * A scan's per-value path. For ASCII bytes the Latin-1 text is the UTF-8 text, and it costs one copy with no view of
 * the bytes; its UTF-8 length equals the byte count only when every byte is below 0x80. Against a view and TextDecoder,
 * a 10M-record scan of 200-byte JSON values took 5.0 s instead of 5.6 (bench:browse's whole-decode filter).
 */
export function asciiJsonAt(section: Buffer, at: number, length: number): ExactJson | undefined {
  const first = section[at];
  if (length <= 0 || (first !== 0x7b && first !== 0x5b)) return undefined;
  const text = (section as LatinSlicing).latin1Slice(at, at + length);
  if (Buffer.byteLength(text, 'utf8') !== length || hasLongDigitRun(text)) return undefined;
  try {
    return JSON.parse(text) as ExactJson;
  } catch {
    return undefined;
  }
}
