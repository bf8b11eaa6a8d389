import { SAFE_DIGITS, type ExactJson } from '../../../shared/exact-json';

/*
 * A scan's JSON values read in place. Most are ASCII, and for ASCII bytes a Latin-1 slice of the records section is
 * the text TextDecoder would give: no view of the bytes per value, none of the decoder's checks of its arguments.
 */

/** Buffer's Latin-1 slice, which @types/node leaves out (Buffer.toString('latin1', …) calls it after checks of its own). */
type LatinSlicing = Buffer & { latin1Slice(start: number, end: number): string };

/** Aligned all-digit words in a row that a run of SAFE_DIGITS + 1 digits always fills. */
const LONG_RUN_WORDS = Math.floor((SAFE_DIGITS + 1 - 3) / 4);

let buffer: ArrayBufferLike | null = null;
let bytes: Uint8Array = new Uint8Array(0);
let words: Uint32Array = new Uint32Array(0);

/** Byte and word views of `b`'s whole buffer, so that the ASCII check reads four bytes at a time at absolute indexes. */
function viewsOf(b: ArrayBufferLike): void {
  if (b === buffer) return;
  buffer = b;
  bytes = new Uint8Array(b);
  words = new Uint32Array(b, 0, b.byteLength >>> 2);
}

/**
 * Whether buffer bytes [from, to) are all below 0x80 and hold no run of digits that might be an integer JSON.parse
 * rounds (SAFE_DIGITS + 1 or more). Four bytes at a time: such a run fills at least three aligned words with digits, so
 * three in a row say "maybe" (a run of 12 to 15 digits then takes the general path too, which is exact either way).
 */
function isPlainAscii(from: number, to: number): boolean {
  let seen = 0;
  let i = from;
  while (i < to && (i & 3) !== 0) seen |= bytes[i++]!;
  const lastWord = to >>> 2;
  let digitWords = 0;
  for (let w = i >>> 2; w < lastWord; w++) {
    const word = words[w]!;
    seen |= word;
    // Every byte a digit: each of word ^ '0000' is below 10, so adding 0x76 to it leaves its top bit clear.
    const offset = word ^ 0x30303030;
    if ((((offset + 0x76767676) | offset) & 0x80808080) !== 0) digitWords = 0;
    else if (++digitWords === LONG_RUN_WORDS) return false;
  }
  for (i = Math.max(lastWord << 2, i); i < to; i++) seen |= bytes[i]!;
  return (seen & 0x80808080) === 0;
}

/**
 * The JSON object or array at [at, at + length) of `section`, when that is ASCII text starting with `{` or `[` that
 * JSON.parse reads exactly (no integer past 2^53) and accepts; otherwise undefined, and the caller decodes the bytes
 * the general way (which also says why they are not JSON).
 */
export function asciiJsonAt(section: Buffer, at: number, length: number): ExactJson | undefined {
  viewsOf(section.buffer);
  const from = section.byteOffset + at;
  const to = from + length;
  const first = bytes[from];
  if (length <= 0 || (first !== 0x7b && first !== 0x5b) || !isPlainAscii(from, to)) return undefined;
  try {
    return JSON.parse((section as LatinSlicing).latin1Slice(at, at + length)) as ExactJson;
  } catch {
    return undefined;
  }
}
