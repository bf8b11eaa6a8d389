import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBAppender } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeSingleValue, encodeSingleValue } from '../../../electron/core/lake/expr/single-value';
import type { Value } from '../../../electron/core/lake/expr/expr';
import { readAvroFile } from '../../../electron/core/lake/spec/avro-file';
import { writeAvroFile } from '../../../electron/core/lake/spec/avro-writer';
import { decimalBytes, partitionColumns } from '../../../electron/core/lake/spec/manifest-avro';
import { parseManifest, parseManifestList } from '../../../electron/core/lake/spec/manifest';
import { manifestListEntry, writeManifest, writeManifestList } from '../../../electron/core/lake/spec/manifest-writer';
import type { NestedField, PrimitiveType } from '../../../electron/core/lake/spec/types';
import type { WrittenFile } from '../../../electron/core/lake/writer/data-file';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { RowsWriter, stagedPosition, stagedSlot } from '../../../electron/core/lake/writer/rows-writer';
import { writePositionDeletes } from '../../../electron/core/lake/writer/position-deletes';
import { FileIO } from '../../../electron/core/lake/io/file-io';

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

describe('row values for the writer', () => {
  const fields: NestedField[] = [
    { id: 1, name: 'id', required: true, type: { kind: 'long' } },
    { id: 2, name: 'amount', required: false, type: { kind: 'decimal', precision: 10, scale: 3 } },
    { id: 3, name: 'ts', required: false, type: { kind: 'timestamptz' } },
    { id: 4, name: 'day', required: false, type: { kind: 'date' } },
    { id: 5, name: 'at', required: false, type: { kind: 'time' } },
    { id: 6, name: 'f', required: false, type: { kind: 'double' } },
    { id: 7, name: 'b', required: false, type: { kind: 'binary' } },
    { id: 8, name: 'm', required: false, type: { kind: 'map', keyId: 9, key: { kind: 'int' }, valueId: 10, valueRequired: false, value: { kind: 'string' } } },
    { id: 11, name: 'u', required: false, type: { kind: 'uuid' } },
    { id: 12, name: 's', required: false, type: { kind: 'struct', fields: [{ id: 13, name: 'big', required: false, type: { kind: 'long' } }] } },
  ];
  let dir: string;
  let parquet: ParquetWriter;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-row-values-'));
    parquet = await ParquetWriter.open(join(dir, 'staging'), [join(dir, 'out')]);
  });
  afterAll(() => {
    parquet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps 64-bit integers, decimals, temporals before the epoch, bytes, uuids and non-finite floats exact, in order', async () => {
    const staged = await parquet.stage(fields);
    const first = { id: 9_223_372_036_854_775_807n, amount: -5n, ts: -1n, day: -1, at: 3_723_000_004n, f: Number.NaN, b: Uint8Array.of(104, 105), m: new Map([[1, 'x']]), u: '0000000a-0000-4000-8000-00000000000b', s: { big: 2n ** 53n + 1n } };
    expect(staged.add(first)).toBe(0);
    // Past one data chunk (2,048 rows), so positions run on across chunks.
    for (let i = 1; i < 3000; i++) expect(staged.add({ id: BigInt(i) })).toBe(i);
    const file = join(dir, 'out', 'rows.parquet');
    const written = await parquet.write(staged, file);
    expect(written.recordCount).toBe(3000);
    const rows = await parquet.rows(
      `SELECT id::VARCHAR AS id, amount::VARCHAR AS amount, ts::VARCHAR AS ts, day::VARCHAR AS day, "at"::VARCHAR AS "at", f::VARCHAR AS f, hex(b) AS b, m::VARCHAR AS m, u::VARCHAR AS u, s.big::VARCHAR AS big FROM read_parquet('${file}')`,
    );
    expect(rows[0]).toEqual({ id: '9223372036854775807', amount: '-0.005', ts: '1969-12-31 23:59:59.999999+00', day: '1969-12-31', at: '01:02:03.000004', f: 'nan', b: '6869', m: '{1=x}', u: '0000000a-0000-4000-8000-00000000000b', big: '9007199254740993' });
    expect(rows[1]).toEqual({ id: '1', amount: null, ts: null, day: null, at: null, f: null, b: null, m: null, u: null, big: null });
    expect(rows.map((r) => Number(r.id)).slice(1)).toEqual(Array.from({ length: 2999 }, (_, i) => i + 1));
  });

  it('names the field when a value has the wrong kind or does not fit, and stages nothing of that row', async () => {
    const staged = await parquet.stage(fields);
    staged.add({ id: 1n });
    expect(() => staged.add({ id: 2n, s: { big: 'x' } })).toThrow(/s\.big needs an integer/);
    expect(() => staged.add({ id: 2n, amount: 10_000_000_000n })).toThrow(/amount: 10000000000 \(unscaled\) does not fit decimal\(10, 3\)/);
    expect(() => staged.add({ id: 2n, u: 'not-a-uuid' })).toThrow(/u needs a UUID/);
    expect(() => staged.add({ id: 2n ** 64n })).toThrow(/id: 18446744073709551616 does not fit a long/);
    // A TIME outside the day would fail DuckDB's writer and drop its database.
    expect(() => staged.add({ id: 2n, at: -1n })).toThrow(/at: -1 µs is not a time of day/);
    expect(() => staged.add({ id: 2n, at: 86_400_000_000n })).toThrow(/at: 86400000000 µs is not a time of day/);
    staged.add({ id: 3n });
    const file = join(dir, 'out', 'after-refusals.parquet');
    await parquet.write(staged, file);
    expect((await parquet.rows(`SELECT id FROM read_parquet('${file}')`)).map((r) => r.id)).toEqual([1n, 3n]);
  });
});

describe('staged rows on disk', () => {
  it('writes a batch larger than the memory limit in append order, and close() removes the staging database', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-stage-on-disk-'));
    const staging = join(dir, 'staging');
    const parquet = await ParquetWriter.open(staging, [join(dir, 'out')], { stageOnDisk: true, threads: 1, memoryLimit: '64MB' });
    try {
      expect(readdirSync(staging).some((f) => f.endsWith('.duckdb'))).toBe(true);
      const staged = await parquet.stage([
        { id: 1, name: 'id', required: true, type: { kind: 'long' } },
        { id: 2, name: 'note', required: true, type: { kind: 'string' } },
      ]);
      // ~120 MB of distinct strings: more than the writer may hold in memory.
      const rows = 400_000;
      for (let i = 0; i < rows; i++) staged.add({ id: BigInt(i), note: `${i}:`.padEnd(300, String.fromCharCode(97 + (i % 26))) });
      const file = join(dir, 'out', 'big.parquet');
      expect((await parquet.write(staged, file)).recordCount).toBe(rows);
      const check = await parquet.rows(`SELECT count(*)::INT AS n, count(*) FILTER (WHERE id <> file_row_number OR note[1:length(id::VARCHAR) + 1] <> id::VARCHAR || ':')::INT AS misplaced FROM read_parquet('${file}', file_row_number = true)`);
      expect(check).toEqual([{ n: rows, misplaced: 0 }]);
    } finally {
      parquet.close();
    }
    expect(readdirSync(staging).filter((f) => f.includes('.duckdb'))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** RowsWriter of rows (id long, p int) identity-partitioned on p, into dir/wh. */
function identityOnP(dir: string, parquet: ParquetWriter, io: FileIO): RowsWriter {
  const fields: NestedField[] = [
    { id: 1, name: 'id', required: true, type: { kind: 'long' } },
    { id: 2, name: 'p', required: true, type: { kind: 'int' } },
  ];
  const columns = [{ name: 'p', fieldId: 1000, sourceId: 2, transform: { kind: 'identity' as const }, sourceType: { kind: 'int' as const }, type: { kind: 'int' as const } }];
  return new RowsWriter({ location: join(dir, 'wh'), specId: 0, fields, columns }, parquet, io, join(dir, 'staging'));
}

describe('where RowsWriter stages a row', () => {
  // Identity-partitioned on an int column: its files sit under p=0/ … (DuckDB must not read p from the folder name).
  it('names its file (by slot) and its position there, across partitions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-rows-writer-'));
    const parquet = await ParquetWriter.open(join(dir, 'staging'), [join(dir, 'wh')]);
    const io = new FileIO({ cacheDir: join(dir, 'cache') });
    try {
      const writer = identityOnP(dir, parquet, io);
      const at = new Map<number, number>();
      for (let i = 0; i < 5000; i++) at.set(i, await writer.add({ id: BigInt(i), p: i % 3 }));
      const files = await writer.finish();
      expect(files.map((f) => f.slot).sort()).toEqual([0, 1, 2]);
      // Position deletes given out of order come out sorted by file path (as UTF-8 bytes) and position.
      const deletes = await writePositionDeletes(parquet, io, join(dir, 'staging'), join(dir, 'wh'), {
        specId: 0,
        partition: [0],
        positions: new Map([
          ['s3://b/z.parquet', [7, 2, 10]],
          ['s3://b/é.parquet', [1]],
          ['s3://b/a.parquet', [5, 0]],
        ]),
      });
      expect(await parquet.rows(`SELECT file_path, pos::INT AS pos FROM read_parquet('${deletes.path}')`)).toEqual([
        { file_path: 's3://b/a.parquet', pos: 0 },
        { file_path: 's3://b/a.parquet', pos: 5 },
        { file_path: 's3://b/z.parquet', pos: 2 },
        { file_path: 's3://b/z.parquet', pos: 7 },
        { file_path: 's3://b/z.parquet', pos: 10 },
        { file_path: 's3://b/é.parquet', pos: 1 },
      ]);
      // Slot 0 packs to the position itself (a small integer).
      expect(at.get(3)).toBe(1);
      for (const f of files) {
        const rows = await parquet.rows(`SELECT id::INT AS id, file_row_number::INT AS pos FROM read_parquet('${f.file.path}', file_row_number = true)`);
        for (const r of rows) {
          const staged = at.get(r.id as number)!;
          expect([stagedSlot(staged), stagedPosition(staged)]).toEqual([f.slot, r.pos]);
        }
      }
    } finally {
      parquet.close();
      io.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RowsWriter with many partitions staging at once', () => {
  // DuckDB's Appender holds up to 100 chunks before it writes them: with 20 partitions each is flushed every 8 chunks
  // (what they hold stays near one Appender's worth). Rows keep their order and positions across the flushes.
  it('flushes each partition\'s Appender sooner and keeps every row where it was staged', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-rows-writer-flush-'));
    const parquet = await ParquetWriter.open(join(dir, 'staging'), [join(dir, 'wh')], { stageOnDisk: true, threads: 1, memoryLimit: '64MB' });
    const io = new FileIO({ cacheDir: join(dir, 'cache') });
    try {
      const writer = identityOnP(dir, parquet, io);
      const rows = 20 * 8 * 2048 * 2 + 777; // each partition past two flushes
      const flushes = vi.spyOn(DuckDBAppender.prototype, 'flushSync');
      for (let i = 0; i < rows; i++) if (writer.addNow({ id: BigInt(i), p: i % 20 }) < 0) await writer.add({ id: BigInt(i), p: i % 20 });
      expect(flushes.mock.calls.length).toBe(40);
      flushes.mockRestore();
      const files = await writer.finish();
      expect(files).toHaveLength(20);
      for (const f of files) {
        const [check] = await parquet.rows(`SELECT count(*)::INT AS n, count(*) FILTER (WHERE id <> ${f.file.partition[0]} + 20 * file_row_number)::INT AS misplaced FROM read_parquet('${f.file.path}', file_row_number = true)`);
        expect(check).toEqual({ n: Math.floor(rows / 20) + (Number(f.file.partition[0]) < rows % 20 ? 1 : 0), misplaced: 0 });
      }
    } finally {
      parquet.close();
      io.close();
      rmSync(dir, { recursive: true, force: true });
    }
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
