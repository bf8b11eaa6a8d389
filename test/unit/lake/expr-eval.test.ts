import { describe, expect, it } from 'vitest';
import { bindFilter } from '../../../electron/core/lake/expr/bind';
import { compileFilter } from '../../../electron/core/lake/expr/filter';
import { parseFilter } from '../../../electron/core/lake/expr/filter-parse';
import { metricsMightMatch } from '../../../electron/core/lake/expr/metrics-eval';
import { partitionMightMatch, summariesMightMatch } from '../../../electron/core/lake/expr/partition-eval';
import { projectFilter } from '../../../electron/core/lake/expr/project';
import { decodeSingleValue, minimalBigEndian, partitionValue } from '../../../electron/core/lake/expr/single-value';
import { compareValues } from '../../../electron/core/lake/expr/values';
import type { ContentFile } from '../../../electron/core/lake/spec/manifest';
import type { PartitionSpec, Schema } from '../../../electron/core/lake/spec/metadata';
import { isFloeError } from '../../../shared/errors';

const le = (bits: 32 | 64, n: number | bigint) => {
  const b = Buffer.alloc(bits / 8);
  if (bits === 32) b.writeInt32LE(Number(n));
  else b.writeBigInt64LE(BigInt(n));
  return Uint8Array.from(b);
};
const utf8 = (s: string) => Uint8Array.from(Buffer.from(s, 'utf8'));

const schema: Schema = {
  schemaId: 0,
  identifierFieldIds: [],
  fields: [
    { id: 1, name: 'id', required: false, type: { kind: 'long' } },
    { id: 2, name: 'category', required: false, type: { kind: 'string' } },
    { id: 3, name: 'ts', required: false, type: { kind: 'timestamp' } },
    { id: 4, name: 'price', required: false, type: { kind: 'decimal', precision: 10, scale: 2 } },
    { id: 5, name: 'ratio', required: false, type: { kind: 'double' } },
  ],
};

function file(over: Partial<ContentFile>): ContentFile {
  return { content: 'data', path: '/f.parquet', format: 'PARQUET', specId: 0, partition: {}, recordCount: 10, sizeBytes: 1, equalityIds: null, referencedDataFile: null, ...over };
}

describe('single-value binary serialization (spec Appendix D)', () => {
  it('decodes every primitive type', () => {
    expect(decodeSingleValue({ kind: 'boolean' }, Uint8Array.from([1]))).toBe(true);
    expect(decodeSingleValue({ kind: 'int' }, le(32, -7))).toBe(-7);
    expect(decodeSingleValue({ kind: 'date' }, le(32, 19723))).toBe(19723);
    expect(decodeSingleValue({ kind: 'long' }, le(64, -(2n ** 40n)))).toBe(-(2n ** 40n));
    expect(decodeSingleValue({ kind: 'timestamp' }, le(64, 1_700_000_000_000_000n))).toBe(1_700_000_000_000_000n);
    expect(decodeSingleValue({ kind: 'double' }, Uint8Array.from(Buffer.from(new Float64Array([2.5]).buffer)))).toBe(2.5);
    expect(decodeSingleValue({ kind: 'float' }, Uint8Array.from(Buffer.from(new Float32Array([0.5]).buffer)))).toBe(0.5);
    expect(decodeSingleValue({ kind: 'string' }, utf8('héllo'))).toBe('héllo');
    // decimal: unscaled two's complement big-endian, fewest bytes: -1.00 at scale 2 is -100 = 0x9c
    expect(decodeSingleValue({ kind: 'decimal', precision: 9, scale: 2 }, Uint8Array.from([0x9c]))).toBe(-100n);
    expect(decodeSingleValue({ kind: 'decimal', precision: 9, scale: 2 }, Uint8Array.from([0x00, 0x80]))).toBe(128n);
    expect(minimalBigEndian(128n)).toEqual(Uint8Array.from([0x00, 0x80]));
    expect(minimalBigEndian(-100n)).toEqual(Uint8Array.from([0x9c]));
    expect(decodeSingleValue({ kind: 'uuid' }, Uint8Array.from({ length: 16 }, (_, i) => i))).toEqual(Uint8Array.from({ length: 16 }, (_, i) => i));
  });

  it('reads bounds written before a promotion (int → long, float → double) and refuses wrong widths', () => {
    expect(decodeSingleValue({ kind: 'long' }, le(32, 42))).toBe(42n);
    expect(decodeSingleValue({ kind: 'double' }, Uint8Array.from(Buffer.from(new Float32Array([1.5]).buffer)))).toBe(1.5);
    expect(decodeSingleValue({ kind: 'int' }, le(64, 1))).toBeUndefined();
  });

  it('takes partition tuple values as the Avro reader gives them', () => {
    expect(partitionValue(5, { kind: 'long' })).toBe(5n);
    expect(partitionValue('ff9c', { kind: 'decimal', precision: 9, scale: 2 })).toBe(-100n);
    expect(partitionValue(null, { kind: 'int' })).toBeNull();
  });

  it('orders text by UTF-8 bytes, as Iceberg does', () => {
    expect(compareValues('\uffff', '😀')).toBe(-1); // UTF-16 would put the surrogate pair first
    expect(compareValues(2n, 3)).toBe(-1);
  });
});

describe('filter text', () => {
  it('parses comparisons, IS [NOT] NULL, IN, AND over OR, parentheses, and rebuilds safe SQL', () => {
    const f = compileFilter(`category = 'a''s' AND (ts >= '2024-01-02' OR id IN (1, 2)) OR price IS NULL AND 5 < id`, schema);
    expect(f.sql).toBe(`(("category" = 'a''s' AND ("ts" >= '2024-01-02' OR "id" IN (1, 2))) OR ("price" IS NULL AND "id" > 5))`);
  });

  it('names the column it does not know and the place it cannot parse', () => {
    const err = (text: string) => {
      try {
        compileFilter(text, schema);
      } catch (e) {
        if (isFloeError(e, 'BAD_INPUT')) return e.message;
      }
      return 'no error';
    };
    expect(err("nope = 1")).toMatch(/column "nope".*columns: id, category/);
    expect(err("id = ")).toMatch(/expected a value at character 6/);
    expect(err("id = 1; DROP TABLE x")).toMatch(/unexpected ";"/);
  });

  it('a literal with no exact value of the column type prunes nothing', () => {
    expect(bindFilter(parseFilter('id < 2.5'), schema)).toEqual({ kind: 'true' });
    expect(bindFilter(parseFilter("price = 1.005"), schema)).toEqual({ kind: 'true' });
  });
});

describe('pruning a file', () => {
  const spec: PartitionSpec = {
    specId: 0,
    fields: [
      { sourceId: 2, fieldId: 1000, name: 'category', transform: 'identity' },
      { sourceId: 3, fieldId: 1001, name: 'ts_day', transform: 'day' },
      { sourceId: 1, fieldId: 1002, name: 'id_bucket', transform: 'bucket[4]' },
    ],
  };
  const bound = (text: string) => bindFilter(parseFilter(text), schema);
  const byPartition = (text: string, partition: Record<string, unknown>) => partitionMightMatch(projectFilter(bound(text), spec), partition);
  const day = 19724; // 2024-01-02

  it('by partition values through each transform', () => {
    const p = { category: 'a', ts_day: day, id_bucket: 3 };
    expect(byPartition("category = 'a'", p)).toBe(true);
    expect(byPartition("category = 'b'", p)).toBe(false);
    expect(byPartition("category != 'a'", p)).toBe(false);
    expect(byPartition("ts >= '2024-01-03'", p)).toBe(false);
    expect(byPartition("ts < '2024-01-02 00:00:01'", p)).toBe(true);
    expect(byPartition("ts < '2024-01-02'", p)).toBe(false);
    expect(byPartition("category = 'b' OR ts >= '2024-01-02 12:00:00'", p)).toBe(true);
    // id 34 hashes to bucket 2017239379 % 4 = 3
    expect(byPartition('id = 34', p)).toBe(true);
    expect(byPartition('id = 34', { ...p, id_bucket: 1 })).toBe(false);
    expect(byPartition('id > 34', { ...p, id_bucket: 1 })).toBe(true);
    expect(byPartition('category IS NULL', p)).toBe(false);
    expect(byPartition('category IS NULL', { ...p, category: null })).toBe(true);
  });

  it('by manifest partition summaries', () => {
    const summary = (lo: string | null, hi: string | null, containsNull = false) => ({ containsNull, containsNan: false, lowerBound: lo === null ? null : utf8(lo), upperBound: hi === null ? null : utf8(hi) });
    const days = { containsNull: false, containsNan: false, lowerBound: le(32, day), upperBound: le(32, day + 3) };
    const m = (text: string, cat: ReturnType<typeof summary>) => summariesMightMatch(projectFilter(bound(text), spec), [cat, days, { containsNull: false, containsNan: null, lowerBound: null, upperBound: null }]);
    expect(m("category = 'b'", summary('a', 'c'))).toBe(true);
    expect(m("category = 'd'", summary('a', 'c'))).toBe(false);
    expect(m("category < 'a'", summary('a', 'c'))).toBe(false);
    expect(m("category IS NULL", summary('a', 'c'))).toBe(false);
    expect(m("category IS NOT NULL", summary(null, null, true))).toBe(false);
    expect(m("category = 'a'", summary(null, null, true))).toBe(false);
    expect(m("ts >= '2024-01-06'", summary('a', 'c'))).toBe(false);
    expect(m("ts >= '2024-01-05'", summary('a', 'c'))).toBe(true);
    expect(m('id = 34', summary('a', 'c'))).toBe(true); // no bounds for the bucket field: no pruning
  });

  it('by column bounds and null counts', () => {
    const f = file({
      valueCounts: new Map([[1, 10n], [2, 10n], [4, 10n], [5, 10n]]),
      nullValueCounts: new Map([[1, 0n], [2, 10n], [4, 2n], [5, 0n]]),
      nanValueCounts: new Map([[5, 1n]]),
      lowerBounds: new Map([[1, le(64, 100)], [4, Uint8Array.from([0x03, 0xe8])], [5, Uint8Array.from(Buffer.from(new Float64Array([0]).buffer))]]),
      upperBounds: new Map([[1, le(64, 200)], [4, Uint8Array.from([0x07, 0xd0])], [5, Uint8Array.from(Buffer.from(new Float64Array([1]).buffer))]]),
    });
    const mm = (text: string) => metricsMightMatch(bound(text), f);
    expect(mm('id = 150')).toBe(true);
    expect(mm('id = 99')).toBe(false);
    expect(mm('id < 100')).toBe(false);
    expect(mm('id <= 100')).toBe(true);
    expect(mm('id > 200')).toBe(false);
    expect(mm('id IN (1, 2, 300)')).toBe(false);
    expect(mm('id IN (1, 150)')).toBe(true);
    expect(mm('id IS NULL')).toBe(false);
    expect(mm('category IS NOT NULL')).toBe(false); // every value is null
    expect(mm("category = 'x'")).toBe(false);
    expect(mm('price > 20.00')).toBe(false); // decimal bounds 10.00 .. 20.00
    expect(mm('price >= 20.00')).toBe(true);
    expect(mm('ratio > 5')).toBe(true); // the file has a NaN, which DuckDB orders above every number
    expect(mm('ratio < -1')).toBe(false);
    expect(metricsMightMatch(bound('id = 1'), file({ recordCount: 0 }))).toBe(false);
    expect(metricsMightMatch(bound('id = 1'), file({}))).toBe(true); // no metrics: no pruning
  });
});
