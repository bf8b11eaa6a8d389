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

  it('leaves ordinary objects that merely contain a tag-like key alone', () => {
    const back = decodeEnvelope(encodeEnvelope({ k: 'result', id: 1, output: { $bigint: '1', other: true } })) as { output: unknown };
    expect(back.output).toEqual({ $bigint: '1', other: true });
  });
});
