import { describe, expect, it } from 'vitest';
import { decodeSingleValue, encodeSingleValue } from '../../../electron/core/lake/expr/single-value';
import type { Value } from '../../../electron/core/lake/expr/expr';
import { readAvroFile } from '../../../electron/core/lake/spec/avro-file';
import { writeAvroFile } from '../../../electron/core/lake/spec/avro-writer';
import { decimalBytes, partitionColumns } from '../../../electron/core/lake/spec/manifest-avro';
import { parseManifest, parseManifestList } from '../../../electron/core/lake/spec/manifest';
import { manifestListEntry, writeManifest, writeManifestList } from '../../../electron/core/lake/spec/manifest-writer';
import type { PrimitiveType } from '../../../electron/core/lake/spec/types';
import type { WrittenFile } from '../../../electron/core/lake/writer/data-file';
import { rowJsonWriter } from '../../../electron/core/lake/writer/row-json';

describe('single-value serialization', () => {
  const cases: [PrimitiveType, Value][] = [
    [{ kind: 'boolean' }, true],
    [{ kind: 'int' }, -7],
    [{ kind: 'date' }, 19_000],
    [{ kind: 'long' }, -9_223_372_036_854_775_808n],
    [{ kind: 'timestamptz' }, 1_710_028_800_123_456n],
    [{ kind: 'double' }, -0.125],
    [{ kind: 'float' }, 1.5],
    [{ kind: 'string' }, 'ünï'],
    [{ kind: 'decimal', precision: 12, scale: 2 }, -12_345n],
    [{ kind: 'binary' }, Uint8Array.of(0, 255, 7)],
  ];
  it.each(cases)('%o round-trips %s', (type, value) => {
    expect(decodeSingleValue(type, encodeSingleValue(type, value))).toEqual(value);
  });
});

describe('row JSON for the writer', () => {
  it('keeps 64-bit integers, decimals, temporals before the epoch, bytes and non-finite floats exact', () => {
    const write = rowJsonWriter([
      { id: 1, name: 'id', required: true, type: { kind: 'long' } },
      { id: 2, name: 'amount', required: false, type: { kind: 'decimal', precision: 10, scale: 3 } },
      { id: 3, name: 'ts', required: false, type: { kind: 'timestamptz' } },
      { id: 4, name: 'day', required: false, type: { kind: 'date' } },
      { id: 5, name: 'at', required: false, type: { kind: 'time' } },
      { id: 6, name: 'f', required: false, type: { kind: 'double' } },
      { id: 7, name: 'b', required: false, type: { kind: 'binary' } },
      { id: 8, name: 'm', required: false, type: { kind: 'map', keyId: 9, key: { kind: 'int' }, valueId: 10, valueRequired: false, value: { kind: 'string' } } },
    ]);
    const line = write({ id: 9_223_372_036_854_775_807n, amount: -5n, ts: -1n, day: -1, at: 3_723_000_004n, f: Number.NaN, b: Uint8Array.of(104, 105), m: new Map([[1, 'x']]) });
    expect(line).toBe(
      '{"id":9223372036854775807,"amount":"-0.005","ts":"1969-12-31 23:59:59.999999+00","day":"1969-12-31","at":"01:02:03.000004","f":"NaN","b":"aGk=","m":{"1":"x"}}',
    );
    expect(write({ id: 1n })).toBe('{"id":1,"amount":null,"ts":null,"day":null,"at":null,"f":null,"b":null,"m":null}');
  });

  it('names the field when a value has the wrong kind', () => {
    const write = rowJsonWriter([{ id: 1, name: 'n', required: false, type: { kind: 'struct', fields: [{ id: 2, name: 'big', required: false, type: { kind: 'long' } }] } }]);
    expect(() => write({ n: { big: 'x' } })).toThrow(/n\.big needs an integer/);
  });
});

describe('manifests Floe writes read back with its own reader', () => {
  it('an Avro container with bigint longs round-trips', () => {
    const bytes = writeAvroFile({ type: 'record', name: 'r', fields: [{ name: 'n', type: 'long' }] }, [{ n: 2n ** 62n }, { n: -1n }], { k: 'v' });
    const read = readAvroFile(bytes, 'test');
    expect(read.meta.k).toBe('v');
    expect(read.records).toEqual([{ n: 2n ** 62n }, { n: -1n }]);
  });

  it('writes data files with partition values, metrics and inherited sequence numbers', () => {
    const schema = {
      schemaId: 0,
      identifierFieldIds: [],
      fields: [
        { id: 1, name: 'id', required: true, type: { kind: 'long' as const } },
        { id: 2, name: 'amount', required: false, type: { kind: 'decimal' as const, precision: 20, scale: 2 } },
      ],
    };
    const spec = { specId: 0, fields: [{ sourceId: 1, fieldId: 1000, name: 'id_bucket', transform: 'bucket[4]' }, { sourceId: 2, fieldId: 1001, name: 'amount_id', transform: 'identity' }] };
    const columns = partitionColumns(spec, schema);
    const file = (path: string, bucket: number, amount: bigint | null): WrittenFile => ({
      content: 'data',
      path,
      specId: 0,
      partition: [bucket, amount],
      recordCount: 3,
      sizeBytes: 100,
      columnSizes: new Map([[1, 10n]]),
      valueCounts: new Map([[1, 3n]]),
      nullValueCounts: new Map([[1, 0n]]),
      nanValueCounts: new Map(),
      lowerBounds: new Map([[1, encodeSingleValue({ kind: 'long' }, 5n)]]),
      upperBounds: new Map([[1, encodeSingleValue({ kind: 'long' }, 9n)]]),
    });
    const files = [file('/t/a.parquet', 1, -123n), file('/t/b.parquet', 3, null)];
    const ctx = { schemaJson: '{}', schemaId: 0, specId: 0, specFieldsJson: '[]', columns };
    const bytes = writeManifest(ctx, 'data', files);
    const listEntry = manifestListEntry(ctx, '/t/m.avro', bytes.length, 'data', files, 42n, 7n);
    const list = parseManifestList(writeManifestList([listEntry], 42n, null, 7n), 'list');
    expect(list).toMatchObject([{ path: '/t/m.avro', sequenceNumber: 7n, addedSnapshotId: 42n, addedFilesCount: 2, content: 'data' }]);
    expect(list[0]!.partitions![0]).toMatchObject({ containsNull: false, lowerBound: encodeSingleValue({ kind: 'int' }, 1), upperBound: encodeSingleValue({ kind: 'int' }, 3) });
    expect(list[0]!.partitions![1]!.containsNull).toBe(true);
    const entries = parseManifest(bytes, 'manifest', list[0]!);
    expect(entries.map((e) => [e.status, e.snapshotId, e.sequenceNumber, e.file.path, e.file.partition])).toEqual([
      ['added', 42n, 7n, '/t/a.parquet', { id_bucket: 1, amount_id: Buffer.alloc(decimalBytes(20), 0xff).toString('hex').slice(0, -4) + 'ff85' }],
      ['added', 42n, 7n, '/t/b.parquet', { id_bucket: 3, amount_id: null }],
    ]);
    expect(entries[0]!.file.lowerBounds?.get(1)).toEqual(encodeSingleValue({ kind: 'long' }, 5n));
  });
});
