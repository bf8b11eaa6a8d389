import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from '../../../shared/rpc/json-codec';

describe('JSON codec for text transports', () => {
  it('round-trips BigInt beyond 2^53 and binary pages', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 256);
    const text = encodeEnvelope({ k: 'result', id: 7, output: { snapshotId: 9007199254740993n, page: bytes, nested: [{ n: -5n }] } });
    const back = decodeEnvelope(text) as { output: { snapshotId: bigint; page: Uint8Array; nested: { n: bigint }[] } };
    expect(back.output.snapshotId).toBe(9007199254740993n);
    expect(back.output.nested[0]?.n).toBe(-5n);
    expect(back.output.page).toEqual(bytes);
  });

  it('writes bytes as standard base64 (padding for every tail length, views into larger buffers)', () => {
    const all = new Uint8Array(300).map((_, i) => (i * 7919) & 255);
    for (const [from, to] of [[0, 0], [0, 1], [0, 2], [0, 3], [5, 9], [1, 300], [7, 11]] as const) {
      const view = all.subarray(from, to);
      const text = encodeEnvelope({ k: 'result', id: 1, output: view });
      expect(JSON.parse(text).output.$bytes).toBe(Buffer.from(view).toString('base64'));
      expect((decodeEnvelope(text) as { output: Uint8Array }).output).toEqual(view);
    }
  });

  it('leaves ordinary objects that merely contain a tag-like key alone', () => {
    const back = decodeEnvelope(encodeEnvelope({ k: 'result', id: 1, output: { $bigint: '1', other: true } })) as { output: unknown };
    expect(back.output).toEqual({ $bigint: '1', other: true });
  });

  it('leaves a tag whose content does not decode as a plain object instead of throwing', () => {
    const back = decodeEnvelope('{"k":"call","id":1,"method":"m","input":{"a":{"$bigint":"12x"},"b":{"$bytes":"!!!"},"c":{"$escaped":[1,2]}}}') as { input: unknown };
    expect(back.input).toEqual({ a: { $bigint: '12x' }, b: { $bytes: '!!!' }, c: { $escaped: [1, 2] } });
  });
});

describe('JSON codec: record values', () => {
  it('keeps NaN, ±Infinity and -0 (JSON would turn them into null and 0)', () => {
    const back = decodeEnvelope(encodeEnvelope({ k: 'result', id: 2, output: { values: [NaN, Infinity, -Infinity, -0, 0, 1.5, null] } })) as { output: { values: unknown[] } };
    expect(back.output.values).toEqual([NaN, Infinity, -Infinity, -0, 0, 1.5, null]);
    expect(Object.is(back.output.values[3], -0)).toBe(true);
    expect(Object.is(back.output.values[4], 0)).toBe(true);
  });

  it('carries a record value that looks like a tag as that value', () => {
    const values = [{ $bigint: '1' }, { $number: 'NaN' }, { $bytes: 'AA==' }, { $escaped: [['a', 1]] }, { $number: { $bigint: '2' } }];
    const back = decodeEnvelope(encodeEnvelope({ k: 'result', id: 3, output: { values, big: 9007199254740993n } })) as { output: { values: unknown[]; big: bigint } };
    expect(back.output.values).toEqual(values);
    expect(back.output.big).toBe(9007199254740993n);
  });

  it('decodes text without tags by plain JSON.parse and text that merely mentions a tag in a string alike', () => {
    const plain = { k: 'event', id: 4, event: { kind: 'matches', records: [{ offset: 1, valuePreview: 'say "$bigint": here', nested: { a: [1, 'x'] } }] } };
    expect(decodeEnvelope(encodeEnvelope(plain as never))).toEqual(plain);
    const mixed = { k: 'result', id: 5, output: { text: '{"$bigint":"1"}', big: 12345678901234567890n } };
    expect(decodeEnvelope(encodeEnvelope(mixed as never))).toEqual(mixed);
  });
});
