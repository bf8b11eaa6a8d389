import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileIO } from '../../../electron/core/lake/io/file-io';
import { partitionColumns } from '../../../electron/core/lake/spec/manifest-avro';
import { ParquetWriter } from '../../../electron/core/lake/writer/parquet-writer';
import { columnsPartition } from '../../../electron/core/lake/writer/partition-of-columns';
import { RowsWriter } from '../../../electron/core/lake/writer/rows-writer';
import type { StagedRows } from '../../../electron/core/lake/writer/staged-rows';
import type { RawRecord } from '../../../electron/core/kafka/record-batch';
import { directWrite, sameColumns, type Source } from '../../../electron/core/land/direct-staging';
import { changeOf, metadataFields } from '../../../electron/core/land/row-shaping';
import { avroChecker } from '../../../electron/core/decode/avro-reader';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { AvroCursor } from '../../../electron/core/land/type-mapping/avro-direct';
import { landingAvroType, mapAvroSchema } from '../../../electron/core/land/type-mapping/avro-mapping';
import { freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';

// The direct path (Avro bytes straight into chunk columns) against the row path it stands in for (avsc decode, the
// mapping's converter, DuckDB values): the same records staged both ways must make the same Parquet rows, and bytes the
// row path refuses must be given up (never staged).

let dir: string;
let writer: ParquetWriter;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'floe-avro-direct-'));
  writer = await ParquetWriter.open(join(dir, 'staging'), [dir], { threads: 1 });
});
afterAll(() => {
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const ts = (logicalType: string) => ({ type: 'long', logicalType });
const WIDE = {
  type: 'record',
  name: 'Wide',
  namespace: 'floe.test',
  fields: [
    { name: 'b', type: 'boolean' },
    { name: 'i', type: 'int' },
    { name: 'l', type: 'long' },
    { name: 'f', type: 'float' },
    { name: 'd', type: 'double' },
    { name: 's', type: 'string' },
    { name: 'by', type: 'bytes' },
    { name: 'e', type: { type: 'enum', name: 'Color', symbols: ['RED', 'A_VERY_LONG_SYMBOL_NAME', 'BLUE'] } },
    { name: 'fx', type: { type: 'fixed', name: 'Four', size: 4 } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'tm', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'tu', type: ts('time-micros') },
    { name: 'tsm', type: ts('timestamp-millis') },
    { name: 'tsu', type: ts('timestamp-micros') },
    { name: 'ltm', type: ts('local-timestamp-millis') },
    { name: 'ltu', type: ts('local-timestamp-micros') },
    { name: 'tsn', type: ts('timestamp-nanos') },
    { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'os', type: ['null', 'string'] },
    { name: 'ol', type: ['long', 'null'] },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'maybe', type: { type: 'array', items: ['null', 'int'] } },
    { name: 'attrs', type: { type: 'map', values: 'double' } },
    {
      name: 'inner',
      type: ['null', { type: 'record', name: 'Inner', fields: [{ name: 'n', type: 'int' }, { name: 'deep', type: ['null', { type: 'record', name: 'Deep', fields: [{ name: 'x', type: 'string' }] }] }, { name: 'xs', type: { type: 'array', items: 'long' } }] }],
    },
    { name: 'items', type: { type: 'array', items: 'Inner' } },
  ],
};

const plain = avro.Type.forSchema(WIDE as avro.Schema, { wrapUnions: true }); // encodes test records (longs as numbers)
const text = JSON.stringify(WIDE);
const mapped = mapAvroSchema(text);
const decoder = landingAvroType(text);
const fields = freshSchema(mapped.fields).fields;

function record(i: number): Record<string, unknown> {
  const strings = ['', 'a', 'twelve bytes', 'thirteen byte', 'ünï', 'ünïcødé and more than twelve', '日本語', 'x'.repeat(300)];
  const inner = i % 3 === 0 ? null : { 'floe.test.Inner': { n: -i, deep: i % 2 ? null : { 'floe.test.Deep': { x: strings[i % strings.length] } }, xs: i % 4 ? [i, -i, 2 ** 40 + i] : [] } };
  return {
    b: i % 2 === 0,
    i: (i * 7919) | 0,
    l: i % 5 === 0 ? -(2 ** 52) + i : i * 1_000_003,
    f: i / 7,
    d: i % 11 === 0 ? Number.NaN : -i / 3,
    s: strings[i % strings.length],
    by: Buffer.from(strings[(i + 3) % strings.length]!, 'utf8'),
    e: ['RED', 'A_VERY_LONG_SYMBOL_NAME', 'BLUE'][i % 3],
    fx: Buffer.from([i & 255, 0, 255, 7]),
    day: 19_000 + i,
    tm: (i * 1000) % 86_400_000,
    tu: i * 1_000_001,
    tsm: 1_767_225_600_000 + i,
    tsu: 1_767_225_600_000_000 + i,
    ltm: -86_400_000 + i,
    ltu: 1_000 * i,
    tsn: 1_767_225_600_000_000 + i,
    id: `${(0x10000000 + i).toString(16)}-0000-4${(i % 10).toString()}00-8000-${'F'.repeat(11)}${i % 10}`,
    os: i % 4 === 0 ? null : { string: strings[(i + 1) % strings.length] },
    ol: i % 3 === 0 ? null : { long: -i },
    tags: Array.from({ length: i % 4 }, (_, k) => strings[(i + k) % strings.length]),
    maybe: i % 2 ? [null, { int: i }] : [],
    attrs: i % 3 ? { a: i, ['long key past twelve']: -i } : {},
    inner,
    items: i % 2 ? [inner?.['floe.test.Inner'] ?? { n: 1, deep: null, xs: [] }] : [],
  };
}

/** Avro bytes of a record as the registry's producers write them. */
const encoded = (i: number) => plain.toBuffer(record(i));
/** In Confluent's wire format (schema id 1), as direct writes read a record's value. */
const framed = (avroBytes: Buffer) => Buffer.from(writeWireFrame(1, avroBytes));

async function stage(): Promise<StagedRows> {
  return writer.stage(fields);
}

/** Every row of the staged rows' Parquet file, as DuckDB prints it, in file order. */
async function written(rows: StagedRows, name: string): Promise<string[]> {
  const file = join(dir, `${name}.parquet`);
  await writer.write(rows, file);
  return (await writer.rows(`SELECT CAST(t AS VARCHAR) AS r FROM read_parquet('${file}') t`)).map((r) => String(r.r));
}

const byRowPath = (rows: StagedRows, bytes: Buffer) => rows.add(mapped.convert(decoder.fromBuffer(bytes)));
const cursor = new AvroCursor();
const byDirectPath = (rows: StagedRows, bytes: Buffer) => rows.addDirect(mapped.direct!, cursor.at(bytes, 0, bytes.length), bytes.length);

describe('Avro straight into chunk columns', () => {
  it('maps every field of the wide schema to a direct reader', () => {
    expect(mapped.direct).toBeDefined();
    expect(sameColumns(mapped.fields, fields)).toBe(true);
  });

  it('stages what the row path stages, across chunks, for every type the schema holds', async () => {
    const a = await stage();
    const b = await stage();
    const n = 5000; // past two chunks of 2048
    for (let i = 0; i < n; i++) {
      const bytes = encoded(i);
      expect(byRowPath(a, bytes)).toBe(i);
      expect(byDirectPath(b, bytes)).toBe(i);
    }
    const rowPath = await written(a, 'row-path');
    expect(rowPath).toHaveLength(n);
    expect(await written(b, 'direct')).toEqual(rowPath);
  });

  it('keeps the order when rows of both paths are mixed in one staged table', async () => {
    const a = await stage();
    const mixed = await stage();
    for (let i = 0; i < 3000; i++) {
      const bytes = encoded(i);
      byRowPath(a, bytes);
      expect(i % 7 < 3 ? byRowPath(mixed, bytes) : byDirectPath(mixed, bytes)).toBe(i);
    }
    expect(await written(mixed, 'mixed')).toEqual(await written(a, 'mixed-row-path'));
  });

  it('gives up bytes the row path refuses (truncated, trailing, a bad union branch or enum index) and stages nothing of them', async () => {
    const good = encoded(1);
    const bad = [good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.of(0)]), good.subarray(0, 3)];
    for (const bytes of bad) expect(() => decoder.fromBuffer(bytes)).toThrow();
    const rows = await stage();
    expect(byDirectPath(rows, encoded(0))).toBe(0);
    for (const bytes of bad) expect(byDirectPath(rows, bytes)).toBe(-1);
    expect(byDirectPath(rows, encoded(1))).toBe(1);
    const ref = await stage();
    byRowPath(ref, encoded(0));
    byRowPath(ref, encoded(1));
    expect(await written(rows, 'after-bad')).toEqual(await written(ref, 'after-bad-ref'));
  });
});

describe('damaged bytes', () => {
  it('are given up, or staged exactly as the row path stages them: flipped bytes and cuts at random places', async () => {
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const check = avroChecker(decoder); // as the landing decoder reads: avsc alone loops on a damaged block count
    const a = await stage();
    const b = await stage();
    let staged = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = Buffer.from(encoded(i));
      const damaged = i % 3 === 0 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
      for (let k = 0; k < 1 + (i % 3); k++) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
      let row: Record<string, unknown> | null = null;
      try {
        check(damaged);
        row = mapped.convert(decoder.fromBuffer(damaged));
      } catch {
        // the row path refuses it: a bad record
      }
      const at = byDirectPath(b, damaged);
      if (at < 0) continue;
      expect(row, `record ${i}: staged directly but refused by the row path`).not.toBeNull();
      expect(a.add(row!)).toBe(at);
      staged++;
    }
    expect(staged).toBeGreaterThan(300);
    expect(await written(b, 'damaged')).toEqual(await written(a, 'damaged-ref'));
  });
});

describe('Avro longs and blocks the direct path reads exactly', () => {
  const schema = JSON.stringify({ type: 'record', name: 'L', fields: [{ name: 'l', type: 'long' }, { name: 'at', type: ts('timestamp-millis') }, { name: 'xs', type: { type: 'array', items: 'int' } }] });
  const m = mapAvroSchema(schema);
  const d = landingAvroType(schema);
  const f = freshSchema(m.fields).fields;
  const zigzag = (n: bigint) => {
    let z = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    const out: number[] = [];
    do {
      const b = Number(z & 0x7fn);
      z >>= 7n;
      out.push(z ? b | 0x80 : b);
    } while (z);
    return out;
  };
  const body = (l: bigint, at: bigint, blocks: number[]) => Buffer.from([...zigzag(l), ...zigzag(at), ...blocks]);
  // xs in two blocks: a negative count (-2, then the block's byte size 2: items 1 and 2), then 1 item (3), then the end.
  const twoBlocks = [...zigzag(-2n), ...zigzag(2n), ...zigzag(1n), ...zigzag(2n), ...zigzag(1n), ...zigzag(3n), 0];

  it('64-bit longs at both ends, past 2^53, and arrays written in several blocks', async () => {
    const values = [0n, -1n, 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 1_767_225_600_123_456_789n];
    const a = await writer.stage(f);
    const b = await writer.stage(f);
    for (const v of values) {
      const bytes = body(v, 1_767_225_600_123n, twoBlocks);
      expect(d.fromBuffer(bytes)).toMatchObject({ l: v, xs: [1, 2, 3] });
      a.add(m.convert(d.fromBuffer(bytes)));
      expect(b.addDirect(m.direct!, cursor.at(bytes, 0, bytes.length), bytes.length)).toBeGreaterThanOrEqual(0);
    }
    expect(await written(b, 'longs')).toEqual(await written(a, 'longs-ref'));
  });

  it('leaves a millisecond timestamp whose microseconds pass 2^53 to the row path', async () => {
    const rows = await writer.stage(f);
    const bytes = body(1n, 2n ** 53n / 1000n + 1n, [0]);
    expect(rows.addDirect(m.direct!, cursor.at(bytes, 0, bytes.length), bytes.length)).toBe(-1);
    expect(rows.add(m.convert(d.fromBuffer(bytes)))).toBe(0);
    rows.close();
    await writer.discard(rows);
  });
});

describe('Kafka metadata columns', () => {
  it('are written from the record as the row path writes them: topic, partition, offset, timestamp and its type, headers', async () => {
    const withMeta = freshSchema([...mapped.fields, ...metadataFields('tableflow')]).fields;
    const write = directWrite(mapped.direct!, mapped.fields.length, [], true);
    const topic = 'orders.ünï-topic';
    const a = await writer.stage(withMeta);
    const b = await writer.stage(withMeta);
    const source: Source = { value: Buffer.alloc(0), cursor, record: null as unknown as RawRecord, partition: 0, topic: Buffer.from(topic), keyRow: null };
    for (let i = 0; i < 3000; i++) {
      const value = framed(encoded(i));
      const headers = Array.from({ length: i % 4 }, (_, k) => ({ key: ['trace', 'a header key past twelve', 'ключ'][k % 3]!, value: k === 1 ? null : Buffer.from(`v${i}-${k}`.repeat(k + 1)) }));
      const r: RawRecord = { offset: 2 ** 40 + i, timestamp: 1_767_225_600_000 + i, timestampType: (i % 2) as 0 | 1, key: null, value, headers, size: value.length };
      const change = changeOf({ mode: 'append', keyFields: [], metadata: 'tableflow', topic }, i % 6, r, null, { schemaKey: 'registry:1', schemaText: '', mapped, row: mapped.convert(decoder.fromBuffer(encoded(i))) });
      if (change.kind !== 'append') throw new Error('not an append');
      a.add(change.row);
      Object.assign(source, { value, partition: i % 6, record: r });
      expect(b.addDirect(write, source, value.length)).toBe(i);
    }
    const rows = await written(b, 'metadata');
    expect(rows[3]).toContain("'$$headers': [{'key': trace");
    expect(rows).toEqual(await written(a, 'metadata-ref'));
  });
});

describe('strings that are not UTF-8', () => {
  it('land as the row path lands them (U+FFFD for each bad sequence), short or long', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'S', fields: [{ name: 's', type: 'string' }, { name: 't', type: 'string' }] });
    const m = mapAvroSchema(schema);
    const d = landingAvroType(schema);
    const f = freshSchema(m.fields).fields;
    const short = [0xff, 0x61];
    const long = [...Buffer.from('twenty bytes of '), 0xc3, 0x28, 0x61, 0x62];
    const bytes = Buffer.from([short.length * 2, ...short, long.length * 2, ...long]);
    const a = await writer.stage(f);
    const b = await writer.stage(f);
    a.add(m.convert(d.fromBuffer(bytes)));
    expect(b.addDirect(m.direct!, cursor.at(bytes, 0, bytes.length), bytes.length)).toBe(0);
    const rows = await written(b, 'utf8');
    expect(rows).toEqual(await written(a, 'utf8-ref'));
    expect(rows[0]).toContain('\ufffd');
  });
});

describe('schemas the direct path leaves to the row path', () => {
  it('decimals and unions of several types have no direct reader', () => {
    const decimal = { type: 'record', name: 'D', fields: [{ name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } }] };
    const union = { type: 'record', name: 'U', fields: [{ name: 'v', type: ['null', 'string', 'long'] }] };
    expect(mapAvroSchema(JSON.stringify(decimal)).direct).toBeUndefined();
    expect(mapAvroSchema(JSON.stringify(union)).direct).toBeUndefined();
    expect(mapAvroSchema('"string"').direct).toBeUndefined();
  });

  it('a table whose columns differ from the schema (evolved, another type) is not the same columns', () => {
    const evolved = [...fields, { id: 99, name: 'added', required: false, type: { kind: 'string' as const } }];
    expect(sameColumns(mapped.fields, evolved)).toBe(false);
    expect(sameColumns(mapped.fields, fields.map((x) => (x.name === 'i' ? { ...x, type: { kind: 'long' as const } } : x)))).toBe(false);
  });
});

describe('partitioned tables', () => {
  // A row is written where the previous direct row went, its partition read back from the columns, and written again
  // in its own partition's rows when that differs; a partition's first row comes through the row path (add()), which
  // makes its staged rows. Each spec must give the row path's files: the same partitions, rows and positions.
  const schema = { schemaId: 0, fields } as unknown as Parameters<typeof partitionColumns>[1];
  const id = (name: string) => fields.find((f) => f.name === name)!.id;
  const specs: [string, { name: string; source: string; transform: string }[]][] = [
    ['day of a timestamp', [{ name: 'tsu_day', source: 'tsu', transform: 'day' }]],
    ['hour of a millisecond timestamp and a bucket of a long', [{ name: 'tsm_hour', source: 'tsm', transform: 'hour' }, { name: 'l_bucket', source: 'l', transform: 'bucket[4]' }]],
    ['bucket of a nullable long, truncate of an int, year of a date', [{ name: 'ol_bucket', source: 'ol', transform: 'bucket[3]' }, { name: 'i_trunc', source: 'i', transform: 'truncate[1000000000]' }, { name: 'day_year', source: 'day', transform: 'year' }]],
  ];

  it.each(specs)('%s: the same files as the row path', { timeout: 60_000 }, async (_, parts) => {
    const columns = partitionColumns({ specId: 0, fields: parts.map((p, k) => ({ sourceId: id(p.source), fieldId: 1000 + k, name: p.name, transform: p.transform })) }, schema);
    const io = new FileIO({ cacheDir: join(dir, 'cache') });
    const target = (name: string) => ({ location: join(dir, name), specId: 0, fields, columns });
    const byRows = new RowsWriter(target(`rows-${parts[0]!.name}`), writer, io, join(dir, 'staging'));
    const byDirect = new RowsWriter(target(`direct-${parts[0]!.name}`), writer, io, join(dir, 'staging'));
    const write = directWrite(mapped.direct!, mapped.fields.length, [], false);
    const source: Source = { value: Buffer.alloc(0), cursor, record: null as unknown as RawRecord, partition: 0, topic: Buffer.alloc(0), keyRow: null };
    let direct = 0;
    for (let i = 0; i < 6000; i++) {
      const bytes = encoded((i * 37) % 6000); // partitions interleaved
      const row = mapped.convert(decoder.fromBuffer(bytes)) as Record<string, unknown>;
      const want = await byRows.add(row);
      source.value = framed(bytes);
      let at = byDirect.addDirect(write, source, bytes.length);
      if (at < 0) at = await byDirect.add(row);
      else direct++;
      expect(at).toBe(want);
    }
    expect(direct).toBeGreaterThan(5000);
    const [a, b] = [await byRows.finish(), await byDirect.finish()];
    expect(b.map((f) => [f.slot, f.file.partition, f.file.recordCount])).toEqual(a.map((f) => [f.slot, f.file.partition, f.file.recordCount]));
    for (let k = 0; k < a.length; k++) {
      const read = (path: string) => writer.rows(`SELECT CAST(t AS VARCHAR) AS r FROM read_parquet('${path}') t`);
      expect(await read(b[k]!.file.path)).toEqual(await read(a[k]!.file.path));
    }
    io.close();
  });

  it('leaves a table partitioned on a string to the row path', () => {
    const columns = partitionColumns({ specId: 0, fields: [{ sourceId: id('s'), fieldId: 1000, name: 's', transform: 'identity' }] }, schema);
    expect(columnsPartition({ location: dir, specId: 0, fields, columns })).toBeNull();
  });
});
