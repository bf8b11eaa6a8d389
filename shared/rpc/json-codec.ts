import type { Envelope } from './envelope';

/**
 * JSON for text transports (WebSocket). BigInt (offsets, snapshot ids, 64-bit record values), Uint8Array (Arrow
 * IPC pages) and the numbers JSON cannot hold (NaN, ±Infinity, -0) survive the trip as tagged objects;
 * MessagePort transports use structured clone instead.
 */
export function encodeEnvelope(message: Envelope): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    if (typeof value === 'number') return value * 0 !== 0 || (value === 0 && 1 / value < 0) ? { $number: value === 0 ? '-0' : String(value) } : value;
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
    if (value && typeof value === 'object' && looksTagged(value)) return { $escaped: Object.entries(value) }; // a record value such as {"$bigint": "1"}
    return value;
  });
}

const TAG_KEY = /"\$(?:bigint|bytes|number|escaped)"/;
const looksTagged = (value: object) => Object.keys(value).length === 1 && ('$bigint' in value || '$bytes' in value || '$number' in value || '$escaped' in value);

/** JSON.parse with the tags above undone; a tag whose content does not decode (`{"$bigint": "12x"}`) stays a plain object, which input validation then names. */
export function decodeEnvelope(text: string): unknown {
  // A reviver runs for every value and makes JSON.parse several times slower (a batch of matches in the renderer);
  // text without any tag key (`"$bigint":` and the like, always a quote right after the name) parses the same without it.
  if (!TAG_KEY.test(text)) return JSON.parse(text);
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object') {
      const tagged = value as { $bigint?: unknown; $bytes?: unknown; $number?: unknown; $escaped?: unknown };
      const keys = Object.keys(value);
      try {
        if (keys.length === 1 && typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
        if (keys.length === 1 && typeof tagged.$bytes === 'string') return fromBase64(tagged.$bytes);
        if (keys.length === 1 && typeof tagged.$number === 'string') return Number(tagged.$number);
        if (keys.length === 1 && Array.isArray(tagged.$escaped)) return Object.fromEntries(tagged.$escaped as [string, unknown][]);
      } catch {
        return value;
      }
    }
    return value;
  });
}

const BASE64 = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
const PAD = 61; // '='
const ascii = new TextDecoder();

/**
 * Base64 written as bytes and read out as one string: a frame of 500 search matches carries ~40 KB of columns,
 * and the binary string btoa needs (built with String.fromCharCode) cost ~45 ns a byte — 30% of `floe serve`'s
 * thread in a 1M-match search — against ~2 ns here.
 */
function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3, o += 4) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = BASE64[v >> 18]!;
    out[o + 1] = BASE64[(v >> 12) & 63]!;
    out[o + 2] = BASE64[(v >> 6) & 63]!;
    out[o + 3] = BASE64[v & 63]!;
  }
  if (whole < bytes.length) {
    const two = whole + 1 < bytes.length;
    const v = (bytes[whole]! << 16) | (two ? bytes[whole + 1]! << 8 : 0);
    out[o] = BASE64[v >> 18]!;
    out[o + 1] = BASE64[(v >> 12) & 63]!;
    out[o + 2] = two ? BASE64[(v >> 6) & 63]! : PAD;
    out[o + 3] = PAD;
  }
  return ascii.decode(out);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
