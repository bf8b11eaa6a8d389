import { describe, expect, it } from 'vitest';
import { asciiJsonAt } from '../../../electron/core/decode/ascii-json';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import type { PartFormat } from '../../../shared/model/record';

/** `parts` laid end to end after `lead` filler bytes, inside a buffer that starts `shift` bytes into its ArrayBuffer. */
function section(parts: Uint8Array[], lead: number, shift: number) {
  const total = lead + parts.reduce((n, p) => n + p.length, 0);
  const store = new ArrayBuffer(shift + total + 7);
  new Uint8Array(store).fill(0xa4); // non-ASCII around the values: a check that reads past a value's end sees it
  const bytes = Buffer.from(store, shift, total);
  const spans: { at: number; length: number }[] = [];
  let at = lead;
  for (const p of parts) {
    bytes.set(p, at);
    spans.push({ at, length: p.length });
    at += p.length;
  }
  return { bytes, spans };
}

/** A deterministic generator (mulberry32), so a failure names the case that broke. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON-ish text: valid objects and arrays with digit runs of every length, non-ASCII text, and broken variants. */
function jsonLike(next: () => number): Uint8Array {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10))).join('');
  const scalar = () => pick([() => digits(1 + Math.floor(next() * 22)), () => `-${digits(1 + Math.floor(next() * 20))}`, () => `${digits(3)}.${digits(1 + Math.floor(next() * 18))}`, () => JSON.stringify(pick(['ok', 'é', 'user-12345678901234567', 'n'.repeat(Math.floor(next() * 40)), '\u{1F600}', 'a"b\\c'])), () => pick(['true', 'null', '[]', '{}'])])();
  const fields = Array.from({ length: Math.floor(next() * 8) }, (_, i) => `"f${i}":${scalar()}`);
  let text = next() < 0.8 ? `{${fields.join(',')}}` : `[${fields.map((f) => f.slice(f.indexOf(':') + 1)).join(',')}]`;
  const broken = next();
  if (broken < 0.05) text = text.slice(0, -1);
  else if (broken < 0.1) text = ` ${text}`;
  else if (broken < 0.13) text = `${text}x`;
  else if (broken < 0.15) text = `\uFEFF${text}`;
  const bytes = Buffer.from(text);
  if (next() < 0.03 && bytes.length > 2) bytes[Math.floor(next() * bytes.length)] = 0xff; // not UTF-8
  return bytes;
}

describe('asciiJsonAt', () => {
  it('parses ASCII JSON objects and arrays where they lie, whatever their offset and length', () => {
    for (const shift of [0, 1, 2, 3]) {
      for (let n = 0; n < 24; n++) {
        const text = n === 0 ? '[]' : `{"a":"${'x'.repeat(n)}","b":${n}}`;
        const { bytes, spans } = section([Buffer.from(text)], 5, shift);
        expect(asciiJsonAt(bytes, spans[0]!.at, spans[0]!.length)).toEqual(JSON.parse(text));
      }
    }
  });

  it('leaves to the general path what it cannot read exactly: non-ASCII, long digit runs, other text, broken JSON', () => {
    const cases = ['{"name":"é"}', '{"id":1234567890123456}', '{"id":"1234567890123456"}', ' {"a":1}', '"text"', '42', '{"a":', '{} x', '\uFEFF{}'];
    for (const text of cases) {
      const { bytes, spans } = section([Buffer.from(text)], 2, 1);
      expect(asciiJsonAt(bytes, spans[0]!.at, spans[0]!.length), text).toBeUndefined();
    }
    // Fifteen digits stay on this path (JSON.parse reads them exactly).
    const { bytes, spans } = section([Buffer.from('{"id":123456789012345}')], 3, 1);
    expect(asciiJsonAt(bytes, spans[0]!.at, spans[0]!.length)).toEqual({ id: 123456789012345 });
  });

  it('reads nothing for a null or empty part', () => {
    const { bytes } = section([Buffer.from('{}')], 0, 0);
    expect(asciiJsonAt(bytes, 0, -1)).toBeUndefined();
    expect(asciiJsonAt(bytes, 0, 0)).toBeUndefined();
  });
});

describe('PartDecoder.decodeSyncAt', () => {
  it('decodes every part exactly as decodeSync decodes a view of its bytes (5,000 generated values, auto and json)', () => {
    const decoder = new PartDecoder(null);
    const next = random(20261203);
    for (let round = 0; round < 50; round++) {
      const parts = Array.from({ length: 100 }, () => jsonLike(next));
      const { bytes, spans } = section(parts, Math.floor(next() * 4), Math.floor(next() * 4));
      for (const format of ['auto', 'json'] as PartFormat[]) {
        for (const { at, length } of spans) {
          const expected = decoder.decodeSync(bytes.subarray(at, at + length), format);
          expect(decoder.decodeSyncAt(bytes, at, length, format), bytes.toString('latin1', at, at + length)).toEqual(expected);
        }
      }
    }
    expect(decoder.decodeSyncAt(Buffer.alloc(4), 0, -1)).toEqual({ kind: 'null', value: null, size: 0 });
  });
});
