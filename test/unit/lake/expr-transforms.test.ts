import { describe, expect, it } from 'vitest';
import type { BoundPred } from '../../../electron/core/lake/expr/expr';
import { parseDate, parseDecimal, parseTime, parseTimestamp } from '../../../electron/core/lake/expr/literals';
import { projectPredicate } from '../../../electron/core/lake/expr/project';
import { applyTransform, parseTransform, type Transform } from '../../../electron/core/lake/expr/transforms';
import type { PrimitiveType } from '../../../electron/core/lake/spec/types';

const ts = (text: string) => parseTimestamp(text, false) as bigint;
const bucket = (n: number): Transform => ({ kind: 'bucket', n });
/** The spec's bucket hash (Appendix B) without the modulo: bucket[2^31 - 1] of a value equals hash & MAX_INT when the hash is non-negative. */
const hash = (type: PrimitiveType, v: bigint | number | string | Uint8Array) => applyTransform(bucket(2147483647), type, v);
const pred = (type: PrimitiveType, op: BoundPred['op'], ...values: BoundPred['values']): BoundPred => ({ fieldId: 1, name: 'c', type, op, values });

describe('partition transforms (spec "Partition Transforms", Appendix B hash vectors)', () => {
  it('bucket hashes values as the spec\'s test vectors say', () => {
    // Appendix B: int 34 → 2017239379, string "iceberg" → 1210000089, decimal 14.20 → -500754589, date 2017-11-16 → -653330422,
    // time 22:31:08 → -662762989, timestamp 2017-11-16T22:31:08 → -2047944441, uuid → 1488055340, bytes 00010203 → -188683207.
    const pos = (h: number) => (h & 0x7fffffff) % 2147483647;
    expect(hash({ kind: 'int' }, 34)).toBe(pos(2017239379));
    expect(hash({ kind: 'long' }, 34n)).toBe(pos(2017239379));
    expect(hash({ kind: 'string' }, 'iceberg')).toBe(pos(1210000089));
    expect(hash({ kind: 'decimal', precision: 4, scale: 2 }, 1420n)).toBe(pos(-500754589));
    expect(hash({ kind: 'date' }, parseDate('2017-11-16') as number)).toBe(pos(-653330422));
    expect(hash({ kind: 'time' }, parseTime('22:31:08') as bigint)).toBe(pos(-662762989));
    expect(hash({ kind: 'timestamp' }, ts('2017-11-16T22:31:08'))).toBe(pos(-2047944441));
    expect(hash({ kind: 'uuid' }, Uint8Array.from(Buffer.from('f79c3e09677c4bbda4793f349cb785e7', 'hex')))).toBe(pos(1488055340));
    expect(hash({ kind: 'binary' }, Uint8Array.from([0, 1, 2, 3]))).toBe(pos(-188683207));
    expect(applyTransform(bucket(16), { kind: 'int' }, 34)).toBe(2017239379 % 16);
  });

  it('truncate floors numbers (also negative) and cuts text by code points', () => {
    const t: Transform = { kind: 'truncate', width: 10 };
    expect(applyTransform(t, { kind: 'int' }, 1)).toBe(0);
    expect(applyTransform(t, { kind: 'int' }, -1)).toBe(-10);
    expect(applyTransform(t, { kind: 'long' }, -1n)).toBe(-10n);
    expect(applyTransform({ kind: 'truncate', width: 50 }, { kind: 'decimal', precision: 9, scale: 2 }, 1065n)).toBe(1050n);
    expect(applyTransform({ kind: 'truncate', width: 3 }, { kind: 'string' }, 'iceberg')).toBe('ice');
    expect(applyTransform({ kind: 'truncate', width: 2 }, { kind: 'string' }, '😀😁x')).toBe('😀😁');
  });

  it('year, month, day and hour count from 1970 and floor before it', () => {
    const t = ts('2024-03-05 13:45:00');
    expect(applyTransform({ kind: 'year' }, { kind: 'timestamp' }, t)).toBe(54);
    expect(applyTransform({ kind: 'month' }, { kind: 'timestamp' }, t)).toBe(54 * 12 + 2);
    expect(applyTransform({ kind: 'day' }, { kind: 'timestamp' }, t)).toBe(parseDate('2024-03-05'));
    expect(applyTransform({ kind: 'hour' }, { kind: 'timestamp' }, t)).toBe((parseDate('2024-03-05') as number) * 24 + 13);
    expect(applyTransform({ kind: 'month' }, { kind: 'date' }, parseDate('1969-12-31') as number)).toBe(-1);
    expect(applyTransform({ kind: 'day' }, { kind: 'timestamp' }, ts('1969-12-31 23:59:59'))).toBe(-1);
    expect(applyTransform({ kind: 'hour' }, { kind: 'timestamp' }, -1n)).toBe(-1);
  });

  it('parses transform names as metadata writes them', () => {
    expect(parseTransform('bucket[16]')).toEqual({ kind: 'bucket', n: 16 });
    expect(parseTransform('truncate[4]')).toEqual({ kind: 'truncate', width: 4 });
    expect(parseTransform('day')).toEqual({ kind: 'day' });
    expect(parseTransform('zorder')).toBeNull();
  });
});

describe('which predicates each transform can prune with (inclusive projection)', () => {
  const long: PrimitiveType = { kind: 'long' };
  const str: PrimitiveType = { kind: 'string' };
  const tsType: PrimitiveType = { kind: 'timestamp' };

  it('identity keeps every predicate as is, != included', () => {
    for (const op of ['eq', 'notEq', 'lt', 'ltEq', 'gt', 'gtEq'] as const) expect(projectPredicate({ kind: 'identity' }, long, pred(long, op, 5n))).toEqual({ op, values: [5n] });
    expect(projectPredicate({ kind: 'identity' }, long, pred(long, 'in', 1n, 2n))).toEqual({ op: 'in', values: [1n, 2n] });
  });

  it('bucket keeps only = and IN; ranges and != prune nothing', () => {
    const b = bucket(4);
    expect(projectPredicate(b, long, pred(long, 'eq', 34n))).toEqual({ op: 'eq', values: [applyTransform(b, long, 34n)] });
    expect(projectPredicate(b, long, pred(long, 'in', 1n, 2n))).toEqual({ op: 'in', values: [applyTransform(b, long, 1n), applyTransform(b, long, 2n)] });
    for (const op of ['lt', 'ltEq', 'gt', 'gtEq', 'notEq'] as const) expect(projectPredicate(b, long, pred(long, op, 5n))).toBeNull();
  });

  it('truncate widens strict bounds: < v → <= T(v-1) for numbers, <= T(v) for text; != prunes nothing', () => {
    const t: Transform = { kind: 'truncate', width: 10 };
    expect(projectPredicate(t, long, pred(long, 'lt', 20n))).toEqual({ op: 'ltEq', values: [10n] });
    expect(projectPredicate(t, long, pred(long, 'ltEq', 20n))).toEqual({ op: 'ltEq', values: [20n] });
    expect(projectPredicate(t, long, pred(long, 'gt', 19n))).toEqual({ op: 'gtEq', values: [20n] });
    expect(projectPredicate(t, long, pred(long, 'gtEq', 19n))).toEqual({ op: 'gtEq', values: [10n] });
    expect(projectPredicate(t, long, pred(long, 'eq', 25n))).toEqual({ op: 'eq', values: [20n] });
    expect(projectPredicate(t, long, pred(long, 'notEq', 25n))).toBeNull();
    const s: Transform = { kind: 'truncate', width: 2 };
    expect(projectPredicate(s, str, pred(str, 'lt', 'abc'))).toEqual({ op: 'ltEq', values: ['ab'] });
    expect(projectPredicate(s, str, pred(str, 'gt', 'abc'))).toEqual({ op: 'gtEq', values: ['ab'] });
  });

  it('time transforms keep = / IN / ranges, with the strict bound moved by one microsecond', () => {
    const midnight = ts('2024-01-02 00:00:00');
    const day = parseDate('2024-01-02') as number;
    expect(projectPredicate({ kind: 'day' }, tsType, pred(tsType, 'lt', midnight))).toEqual({ op: 'ltEq', values: [day - 1] });
    expect(projectPredicate({ kind: 'day' }, tsType, pred(tsType, 'ltEq', midnight))).toEqual({ op: 'ltEq', values: [day] });
    expect(projectPredicate({ kind: 'day' }, tsType, pred(tsType, 'gt', midnight))).toEqual({ op: 'gtEq', values: [day] });
    expect(projectPredicate({ kind: 'hour' }, tsType, pred(tsType, 'gtEq', midnight))).toEqual({ op: 'gtEq', values: [day * 24] });
    expect(projectPredicate({ kind: 'month' }, tsType, pred(tsType, 'eq', midnight))).toEqual({ op: 'eq', values: [54 * 12] });
    expect(projectPredicate({ kind: 'year' }, tsType, pred(tsType, 'notEq', midnight))).toBeNull();
  });

  it('IS [NOT] NULL survive every transform but void', () => {
    for (const t of [bucket(4), { kind: 'truncate', width: 3 } as Transform, { kind: 'day' } as Transform, { kind: 'identity' } as Transform])
      expect(projectPredicate(t, tsType, pred(tsType, 'isNull'))).toEqual({ op: 'isNull', values: [] });
    expect(projectPredicate({ kind: 'void' }, long, pred(long, 'isNull'))).toBeNull();
  });
});

describe('filter literals', () => {
  it('reads dates, times, timestamps (zones for timestamptz) and exact decimals', () => {
    expect(parseDate('1970-01-02')).toBe(1);
    expect(parseDate('2024-02-30')).toBeUndefined();
    expect(parseTime('00:00:01.5')).toBe(1_500_000n);
    expect(parseTimestamp('1970-01-01T00:00:01', false)).toBe(1_000_000n);
    expect(parseTimestamp('1970-01-01 01:00:00+01:00', true)).toBe(0n);
    expect(parseTimestamp('1970-01-01 01:00:00+01:00', false)).toBeUndefined();
    expect(parseDecimal('14.2', 2)).toBe(1420n);
    expect(parseDecimal('-0.05', 2)).toBe(-5n);
    expect(parseDecimal('1.234', 2)).toBeUndefined();
  });
});
