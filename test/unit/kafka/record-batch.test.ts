import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chunkEnd } from '../../../electron/core/kafka/chunk-reader';
import { decompress } from '../../../electron/core/kafka/compression';
import { decodeFetchResponse } from '../../../electron/core/kafka/fetch-request';
import { readRecords, splitBatches, type RawRecord } from '../../../electron/core/kafka/record-batch';
import { readRecordSpans, spanRecord } from '../../../electron/core/kafka/record-spans';
import { crc32c, crc32cJs } from '../../../electron/core/kafka/crc32c';
import { encodeRecordBatch, type OutRecord } from '../../../electron/core/kafka/record-batch-writer';

// kafkajs's own record-batch encoder (what its producer sends) as the independent writer.
const require = createRequire(import.meta.url);
type Enc = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (o: object) => Promise<Enc> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => Enc;
const Long = require('kafkajs/src/utils/long') as { fromNumber(n: number): unknown };

async function batch(firstOffset: number, baseTs: number, records: { key: string | null; value: Buffer | string | null; headers?: Record<string, string | Buffer>; dt?: number }[], compression = 0) {
  const encoded = await RecordBatch({
    compression,
    firstOffset: Long.fromNumber(firstOffset),
    firstTimestamp: baseTs,
    maxTimestamp: baseTs + 1000,
    lastOffsetDelta: records.length - 1,
    records: records.map((r, i) => Record({ offsetDelta: i, timestampDelta: r.dt ?? i, key: r.key === null ? null : Buffer.from(r.key), value: r.value === null ? null : Buffer.from(r.value), headers: r.headers ?? {} })),
  });
  return encoded.buffer;
}

async function readAll(buf: Buffer, from = 0): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for (const b of splitBatches(buf).batches) readRecords(b, await decompress(b.compression, b.records), from, out);
  return out;
}

describe('record batches (magic v2)', () => {
  it('reads keys, values, nulls, headers, offsets and timestamps as kafkajs wrote them', async () => {
    const buf = await batch(1000, 1_700_000_000_000, [
      { key: 'a', value: '{"x":1}', headers: { trace: 'abc', bin: Buffer.from([0, 255]) } },
      { key: null, value: null },
      { key: 'c', value: Buffer.alloc(300, 7), dt: 5_000_000_000 },
    ]);
    const records = await readAll(buf);
    expect(records.map((r) => r.offset)).toEqual([1000, 1001, 1002]);
    expect(records[0]!.key!.toString()).toBe('a');
    expect(records[0]!.value!.toString()).toBe('{"x":1}');
    expect(records[0]!.headers.map((h) => [h.key, h.value?.toString('hex')])).toEqual([['trace', Buffer.from('abc').toString('hex')], ['bin', '00ff']]);
    expect(records[0]!.size).toBe(1 + 7 + 5 + 3 + 3 + 2);
    expect(records[1]).toMatchObject({ key: null, value: null, size: 0, timestamp: 1_700_000_000_001 });
    expect(records[2]!.timestamp).toBe(1_700_000_000_000 + 5_000_000_000);
    expect(records[2]!.value!.length).toBe(300);
  });

  it('skips records before the asked offset and leaves out a batch the response cut short', async () => {
    const a = await batch(0, 1, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }, { key: 'c', value: '3' }]);
    const b = await batch(3, 1, [{ key: 'd', value: '4' }]);
    const cut = Buffer.concat([a, b.subarray(0, b.length - 3)]);
    const split = splitBatches(cut);
    expect(split.partialTail).toBe(true);
    expect(split.tailBytes).toBe(b.length); // the cut batch's size, from its header
    expect(split.batches).toHaveLength(1);
    expect(split.batches[0]!.nextOffset).toBe(3);
    expect(chunkEnd(cut, 0)).toEqual({ nextOffset: 3, largestBatch: Math.max(a.length, b.length) });
    expect(chunkEnd(a, 0)).toEqual({ nextOffset: 3, largestBatch: a.length });
    expect(chunkEnd(null, 7)).toEqual({ nextOffset: 7, largestBatch: 0 });
    expect((await readAll(cut, 1)).map((r) => r.key!.toString())).toEqual(['b', 'c']);
  });

  it('decompresses gzip batches and names a codec Kafka does not define', async () => {
    const gz = await batch(0, 1, [{ key: 'k', value: 'zipped'.repeat(50) }], 1);
    expect(splitBatches(gz).batches[0]!.compression).toBe(1);
    expect((await readAll(gz))[0]!.value!.toString()).toBe('zipped'.repeat(50));
    await expect(decompress(5, Buffer.from([1, 2, 3]))).rejects.toThrow(/codec 5, which Kafka does not define/);
    await expect(decompress(3, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).rejects.toThrow(/^lz4 records cannot be decompressed: .*LZ4 frame header/);
  });

  it('decodes a Fetch v11 response with per-partition errors and watermarks', () => {
    const parts = [
      { partition: 0, error: 0, high: 42, logStart: 3, records: Buffer.from([1, 2, 3]) },
      { partition: 1, error: 1, high: -1, logStart: -1, records: null },
    ];
    const chunks: Buffer[] = [];
    const i32 = (n: number) => Buffer.from(new Int32Array([n]).buffer).reverse();
    const i16 = (n: number) => Buffer.from([(n >> 8) & 255, n & 255]);
    const i64 = (n: number) => {
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(n));
      return b;
    };
    chunks.push(i32(0), i16(0), i32(0), i32(1), i16(5), Buffer.from('topic'), i32(parts.length));
    for (const p of parts)
      chunks.push(i32(p.partition), i16(p.error), i64(p.high), i64(p.high), i64(p.logStart), i32(-1), i32(-1), ...(p.records ? [i32(p.records.length), p.records] : [i32(-1)]));
    const decoded = decodeFetchResponse(Buffer.concat(chunks));
    expect(decoded.errorCode).toBe(0);
    expect(decoded.partitions.map((p) => [p.partition, p.errorCode, p.highWatermark, p.logStartOffset, p.records?.toString('hex') ?? null])).toEqual([
      [0, 0, 42, 3, '010203'],
      [1, 1, -1, -1, null],
    ]);
  });
});

describe('record batches Floe writes', () => {
  const crc32cOracle = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;
  const multiLine = 'org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed\n\tat org.apache.kafka.connect.json.JsonConverter.toConnectData(JsonConverter.java:333)\n\t... 14 more\n';
  const records: OutRecord[] = [
    {
      key: Buffer.from('k1'),
      value: Buffer.from('{"broken": }'),
      headers: [
        { key: '__connect.errors.exception.stacktrace', value: Buffer.from(multiLine) },
        { key: 'bin', value: Buffer.from([0xc3, 0x28, 0xff, 0x00]) },
        { key: 'nothing', value: null },
        { key: 'bin', value: Buffer.from('second bin, after nothing') },
        { key: 'empty', value: Buffer.alloc(0) },
      ],
      timestamp: 1_700_000_000_123,
    },
    { key: null, value: null, headers: [], timestamp: 1_700_000_000_100 },
  ];

  it('round-trips every byte: null values, empty values, non-UTF-8 and multi-line headers, repeated keys in order', async () => {
    const encoded = encodeRecordBatch(records);
    const { batches } = splitBatches(encoded);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ baseOffset: 0, nextOffset: 2, compression: 0, recordCount: 2, baseTimestamp: 1_700_000_000_123, maxTimestamp: 1_700_000_000_123 });
    const [first, second] = await readAll(encoded);
    expect(first!.headers.map((h) => [h.key, h.value === null ? null : h.value.toString('hex')])).toEqual(records[0]!.headers.map((h) => [h.key, h.value === null ? null : Buffer.from(h.value).toString('hex')]));
    expect(first!.value!.toString()).toBe('{"broken": }');
    expect(second).toMatchObject({ offset: 1, key: null, value: null, headers: [], timestamp: 1_700_000_000_100 });
  });

  it('reads header keys that change from record to record at the same place (same length, other bytes; UTF-8; empty; long), and their sizes', async () => {
    const keys: string[][] = [['ab', 'trace'], ['ba', 'trace'], ['ab', 'tracé'], ['ab'], ['', 'k'.repeat(70)], ['ab', 'trace', 'x'], ['ab', 'trace']];
    const out = keys.map((ks, i) => ({ key: null, value: null, timestamp: 1_700_000_000_000 + i, headers: ks.map((key) => ({ key, value: Buffer.from('v') })) }));
    const read = await readAll(encodeRecordBatch(out));
    expect(read.map((r) => r.headers.map((h) => h.key))).toEqual(keys);
    expect(read.map((r) => r.size)).toEqual(keys.map((ks) => ks.reduce((n, k) => n + Buffer.byteLength(k) + 1, 0)));
  });

  it('reads the same records as spans as readRecords does: varints of 1–3 bytes, nulls, headers, negative time deltas, a start offset', async () => {
    const buf = await batch(5_000_000, 1_700_000_000_000, [
      { key: 'a', value: '{"x":1}', headers: { trace: 'abc', bin: Buffer.from([0, 255]), long: 'h'.repeat(200) } },
      { key: null, value: null, dt: -70 },
      { key: 'k'.repeat(63), value: Buffer.alloc(64, 1), dt: 8191 }, // lengths either side of one varint byte
      { key: '', value: '' },
      { key: 'c', value: Buffer.alloc(20_000, 7), dt: 5_000_000_000 }, // three-byte lengths, a long timestamp delta
      ...Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: (i % 3 === 0 ? { h: `${i}` } : {}) as Record<string, string> })), // two-byte offset deltas
    ]);
    const [info] = splitBatches(buf).batches;
    for (const from of [0, 5_000_001, 5_000_004, 5_000_150, 5_000_205]) {
      const expected: RawRecord[] = [];
      readRecords(info!, info!.records, from, expected);
      const spans = readRecordSpans(info!, info!.records, from);
      expect(spans.count).toBe(expected.length);
      const read = Array.from({ length: spans.count }, (_, i) => spanRecord(spans, i, info!.records));
      expect(read).toEqual(expected);
    }
  });

  it('refuses a records section cut anywhere inside a record as readRecords does', async () => {
    const buf = await batch(0, 1, [{ key: 'a', value: Buffer.alloc(300, 1), headers: { trace: 'abc' } }, { key: 'b', value: '2' }]);
    const [info] = splitBatches(buf).batches;
    const whole = readRecordSpans(info!, info!.records, 0);
    expect(whole.count).toBe(2);
    for (let cut = 1; cut < info!.records.length; cut++) {
      const section = info!.records.subarray(0, cut);
      let expected: unknown = null;
      try {
        readRecords(info!, section, 0, []);
      } catch (e) {
        expected = e;
      }
      let actual: unknown = null;
      try {
        readRecordSpans(info!, section, 0);
      } catch (e) {
        actual = e;
      }
      expect(actual, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('checksums with CRC-32C as kafkajs computes it', () => {
    const encoded = encodeRecordBatch(records);
    expect(encoded.readUInt32BE(17)).toBe(crc32cOracle(encoded.subarray(21)) >>> 0);
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283); // the CRC-32C check value
  });

  it('writes a transactional batch: producer id, epoch, base sequence and the transactional bit, checksum over them', () => {
    const encoded = encodeRecordBatch(records, { producerId: 4242n, producerEpoch: 7, baseSequence: 19, transactional: true });
    const [batch] = splitBatches(encoded).batches;
    expect(batch).toMatchObject({ transactional: true, control: false, producerId: 4242, recordCount: 2 });
    expect(encoded.readInt16BE(51)).toBe(7); // producer epoch
    expect(encoded.readInt32BE(53)).toBe(19); // base sequence
    expect(encoded.readUInt32BE(17)).toBe(crc32cOracle(encoded.subarray(21)) >>> 0);
  });

  it('CRC-32C over lengths that are not multiples of eight matches kafkajs, native and in JavaScript, on views too', () => {
    for (const n of [0, 1, 7, 8, 9, 15, 16, 17, 1000, 1003]) {
      const bytes = Buffer.from(Array.from({ length: n + 3 }, (_, i) => (i * 31 + 7) & 255)).subarray(3);
      const expected = crc32cOracle(Buffer.from(bytes)) >>> 0;
      expect(crc32c(bytes)).toBe(expected);
      expect(crc32c(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))).toBe(expected);
      expect(crc32cJs(bytes)).toBe(expected);
    }
    expect(crc32cJs(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});
