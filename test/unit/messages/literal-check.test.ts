import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TopicDecoding } from '../../../shared/model/messages';
import { avroType } from '../../../electron/core/decode/avro';
import { PartDecoder } from '../../../electron/core/decode/part-decoder';
import { readChunk, readChunkSpans } from '../../../electron/core/kafka/chunk-reader';
import { spanRecord } from '../../../electron/core/kafka/record-spans';
import { encodeRecordBatch } from '../../../electron/core/kafka/record-batch-writer';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { ChunkScanner } from '../../../electron/core/messages/chunk-scanner';
import { recordReaders } from '../../../electron/core/messages/record-decoder';
import { RecordMatcher } from '../../../electron/core/messages/scan-matcher';

const decoding = TopicDecoding.parse({});

/** A small seeded generator (the same cases every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function batch(base: number, parts: { key: string | null; value: string | null }[], gzip = false): Buffer {
  const b = encodeRecordBatch(parts.map((p, k) => ({ key: p.key === null ? null : Buffer.from(p.key), value: p.value === null ? null : Buffer.from(p.value), headers: [], timestamp: 1000 + base + k })));
  b.writeBigInt64BE(BigInt(base), 0);
  if (!gzip) return b;
  const out = Buffer.concat([b.subarray(0, 61), gzipSync(b.subarray(61))]);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt16BE(1, 21); // attributes: gzip
  return out;
}

/** Values and keys that hold the literals, nearly hold them, hold them across part boundaries, or hold escapes. */
function part(random: () => number, i: number): { key: string | null; value: string | null } {
  const statuses = ['failed', 'ok', 'fail', 'failedx', 'xfailed', 'fa\\u0069led', 'f\\"ailed'];
  const status = statuses[Math.floor(random() * statuses.length)]!;
  const r = random();
  const value =
    r < 0.05 ? null
    : r < 0.1 ? `plain "failed" text ${i}`
    : r < 0.15 ? `{"note": "ends with a quote: \\"", "x": "${i}"}`
    : r < 0.2 ? `{"a": ${i}, "status": "fai` // cut: the literal would go on into the next part
    : r < 0.25 ? `[{"status": "${status}"}]`
    : `{"id": ${i}, "status": "${status}", "amount": ${(i * 37) % 1000}.5${random() < 0.1 ? ', "c": "EUR"' : ''}}`;
  // A key that ends in the first part of a literal, followed by the value's length: 17 bytes, varint 0x22 ("), so the
  // section holds "EUR" across the key's end (which must not count as the key holding it).
  if (random() < 0.08) return { key: '{"k": "EUR', value: '{"stat":"failed"}' };
  const key = random() < 0.3 ? `{"k": "${random() < 0.5 ? 'EUR' : 'USD'}"}` : random() < 0.2 ? null : `led" k${i}`;
  return { key, value };
}

async function scanner(filter: string) {
  return ChunkScanner.create(await recordReaders(decoding, new PartDecoder(null), null), { filter: compileFilter(filter) });
}

describe('scan: records as spans, literal pre-check searched per records section', () => {
  it('rules out exactly the records a search of each part rules out, and finds the same matches as no pre-check', async () => {
    const random = rng(7);
    const batches: Buffer[] = [];
    let offset = 0;
    for (let b = 0; b < 12; b++) {
      const n = 1 + Math.floor(random() * 40);
      batches.push(batch(offset, Array.from({ length: n }, (_, k) => part(random, offset + k)), b % 3 === 2));
      offset += n;
    }
    const bytes = Buffer.concat(batches);
    const filters: [string, string][] = [
      // With required literals, and the same filter written so that it has none (CEL gives the same answers).
      ['value.status == "failed" && value.amount > 100.0', '(value.status == "failed") == true && value.amount > 100.0'],
      ['value.status == "failed" && value.c == "EUR"', '(value.status == "failed") == true && (value.c == "EUR") == true'],
      ['key.k == "EUR" && value.status == "failed"', '(key.k == "EUR") == true && (value.status == "failed") == true'],
    ];
    for (const [withLiterals, without] of filters) {
      const fast = await scanner(withLiterals);
      const plain = await scanner(without);
      expect(fast.matcher.projection).toEqual(plain.matcher.projection);
      for (const from of [0, 5, 37]) {
        const job = { partition: 1, from, to: offset, bytes, maxMatches: 10_000 };
        const a = await fast.scan(job);
        const b = await plain.scan(job);
        expect(a.matches.map((m) => m.offset)).toEqual(b.matches.map((m) => m.offset));
        expect(a.matches.length).toBeGreaterThan(0);
        expect(b.ruledOut).toBe(0);
        // Ruled out: as many as a search of each part on its own (no section) rules out.
        const alone = await RecordMatcher.create(await recordReaders(decoding, new PartDecoder(null), null), { filter: compileFilter(withLiterals) });
        const read = await readChunk(bytes, from, { tolerant: true });
        const expected = read.records.filter((r) => !alone.mayMatch(r)).length;
        expect(a.ruledOut).toBe(expected);
        expect(a.ruledOut).toBeGreaterThan(0);
        expect(a.scanned).toBe(b.scanned);
      }
    }
  });

  it('reads records as spans exactly as readChunk reads them: views, headers, sizes, timestamps, broken batches', async () => {
    const random = rng(3);
    const withHeaders = (base: number, n: number, gzip: boolean, logAppendTime = false) => {
      const b = encodeRecordBatch(
        Array.from({ length: n }, (_, k) => ({
          key: random() < 0.2 ? null : Buffer.from(`k${base + k}`),
          value: random() < 0.2 ? null : random() < 0.1 ? Buffer.alloc(0) : Buffer.from(`{"v": ${base + k}}`),
          headers: Array.from({ length: Math.floor(random() * 3) }, (_h, h) => ({ key: h === 1 ? 'ké' : `h${h}`, value: random() < 0.3 ? null : Buffer.from(`x${h}`) })),
          timestamp: 1000 + base + k * 3,
        })),
      );
      b.writeBigInt64BE(BigInt(base), 0);
      b.writeBigInt64BE(99_999n, 35); // max timestamp: what log-append time gives every record
      if (logAppendTime) b.writeInt16BE(0x08, 21);
      if (!gzip) return b;
      const out = Buffer.concat([b.subarray(0, 61), gzipSync(b.subarray(61))]);
      out.writeInt32BE(out.length - 12, 8);
      out.writeInt16BE(1 | (logAppendTime ? 0x08 : 0), 21);
      return out;
    };
    const broken = withHeaders(30, 4, true);
    const cut = Buffer.concat([broken.subarray(0, 61), broken.subarray(61, 70)]);
    cut.writeInt32BE(cut.length - 12, 8);
    // A batch whose last record claims more bytes than the section holds (readRecords throws on it).
    const short = withHeaders(40, 3, false);
    const truncated = Buffer.concat([short.subarray(0, short.length - 2)]);
    truncated.writeInt32BE(truncated.length - 12, 8);
    const bytes = Buffer.concat([withHeaders(0, 10, false), withHeaders(10, 10, true), withHeaders(20, 10, false, true), cut, withHeaders(34, 6, false), truncated, withHeaders(43, 5, true, true)]);
    for (const from of [0, 3, 10, 25, 34, 41, 47, 48]) {
      const expected = await readChunk(bytes, from, { tolerant: true });
      const spans = await readChunkSpans(bytes, from);
      const records = spans.batches.flatMap(({ section, spans: s }) => Array.from({ length: s.count }, (_, i) => spanRecord(s, i, section)));
      expect(records).toEqual(expected.records);
      expect(spans.unreadable).toEqual(expected.unreadable);
      for (const { section, spans: s } of spans.batches)
        for (let i = 0; i < s.count; i++) if (s.valueLength[i]! >= 0) expect(spanRecord(s, i, section).value!.buffer).toBe(section.buffer);
    }
    expect((await readChunk(bytes, 0, { tolerant: true })).unreadable).toHaveLength(2);
    expect((await readChunk(bytes, 0, { tolerant: true })).records.some((r) => r.headers.length > 1 && r.timestamp === 99_999)).toBe(true);
  });
});

describe('scan: a match is decoded whole once', () => {
  /** Readers that count the values each reader decodes. */
  async function countingScanner(partDecoder: PartDecoder, filter: string) {
    const readers = await recordReaders(decoding, partDecoder, null);
    const counts = { whole: 0, fields: 0 };
    const whole = readers.value;
    readers.value = (b) => (counts.whole++, whole(b));
    const valueFields = readers.valueFields;
    readers.valueFields = async (fields) => {
      const read = await valueFields(fields);
      return (b) => (counts.fields++, read(b));
    };
    return { scanner: await ChunkScanner.create(readers, { filter: compileFilter(filter) }), counts };
  }

  it('keeps the JSON value the filter decoded (JSON is never built in part) and decodes an Avro match whole again', async () => {
    const json = await countingScanner(new PartDecoder(null), 'value.status == "failed" && value.amount > 1.0');
    const values = Array.from({ length: 20 }, (_, i) => ({ key: null, value: JSON.stringify({ status: i % 4 === 0 ? 'failed' : 'ok', amount: i, note: 'x' }) }));
    const r = await json.scanner.scan({ partition: 0, from: 0, to: 20, bytes: batch(0, values), maxMatches: 100 });
    expect(r.matches.map((m) => m.offset)).toEqual([4, 8, 12, 16]);
    expect(r.matches[0]!.value.value).toEqual({ status: 'failed', amount: 4, note: 'x' });
    expect(json.counts).toEqual({ whole: 0, fields: 5 }); // 5 hold "failed"; the 4 matches are not decoded again

    const schema = { type: 'record', name: 'R', fields: [{ name: 'status', type: 'string' }, { name: 'amount', type: 'double' }, { name: 'note', type: 'string' }] };
    const type = avroType(JSON.stringify(schema));
    const framed = (v: object) => Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), type.toBuffer(v)]);
    const schemas = { get: async (id: number) => ({ id, schemaType: 'AVRO' as const, schema: JSON.stringify(schema), references: [], resolvedReferences: new Map() }) };
    const avro = await countingScanner(new PartDecoder(schemas), 'value.status == "failed" && value.amount > 1.0');
    const records = Array.from({ length: 8 }, (_, i) => ({ key: null, value: framed({ status: i % 4 === 0 ? 'failed' : 'ok', amount: i, note: 'x' }) }));
    const b = encodeRecordBatch(records.map((p, k) => ({ ...p, headers: [], timestamp: 1000 + k })));
    const a = await avro.scanner.scan({ partition: 0, from: 0, to: 8, bytes: b, maxMatches: 100 });
    expect(a.matches.map((m) => m.offset)).toEqual([4]);
    expect(a.matches[0]!.value.value).toEqual({ status: 'failed', amount: 4, note: 'x' }); // whole, with the field the filter skipped
    // The first value is decoded (fetching its schema); after it, those that lack "failed" as an Avro string are ruled out.
    expect(avro.counts).toEqual({ whole: 1, fields: 2 });
    expect(a.ruledOut).toBe(6);
  });
});

describe('scan: registry Avro parts ruled out by the literals they lack', () => {
  const inner = { type: 'record', name: 'Inner', fields: [{ name: 'code', type: 'string' }] };
  // Schema 7: the literals' fields are strings. Schema 8: `status` is an enum whose symbol is "failed" (not in the bytes
  // as text) and `opt` an int. Schema 9 is unknown to the registry.
  const schema7 = { type: 'record', name: 'R', fields: [{ name: 'status', type: 'string' }, { name: 'opt', type: ['null', 'string'] }, { name: 'inner', type: inner }, { name: 'amount', type: 'double' }, { name: 'note', type: 'string' }] };
  const schema8 = { type: 'record', name: 'R', fields: [{ name: 'status', type: { type: 'enum', name: 'S', symbols: ['ok', 'failed'] } }, { name: 'opt', type: 'int' }, { name: 'inner', type: inner }, { name: 'amount', type: 'double' }, { name: 'note', type: 'string' }] };
  const types = new Map([
    [7, avroType(JSON.stringify(schema7))],
    [8, avroType(JSON.stringify(schema8))],
  ]);
  const schemas = {
    get: async (id: number) => {
      const schema = id === 7 ? schema7 : id === 8 ? schema8 : null;
      if (!schema) throw new Error(`schema ${id} not found`);
      return { id, schemaType: 'AVRO' as const, schema: JSON.stringify(schema), references: [], resolvedReferences: new Map() };
    },
  };
  const framed = (id: number, bytes: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), bytes]);
  /** Past 63 bytes an Avro string's length takes two bytes. */
  const LONG = `code-${'é'.repeat(40)}`;

  function records(): Buffer {
    const random = rng(11);
    const statuses = ['failed', 'ok', 'fail', 'failedx'];
    const parts: { key: Buffer | null; value: Buffer | null }[] = [];
    for (let i = 0; i < 400; i++) {
      const r = random();
      const status = statuses[Math.floor(random() * statuses.length)]!;
      const code = random() < 0.3 ? 'X1' : random() < 0.3 ? LONG : 'X2';
      // A note that holds "failed" as an Avro string, though no field the filter reads does.
      const note = random() < 0.1 ? '\u000cfailed' : 'n'.repeat(Math.floor(random() * 30));
      const value =
        r < 0.05 ? null
        : r < 0.1 ? framed(9, Buffer.from([2, 4]))
        : r < 0.12 ? framed(7, Buffer.from([0x0c, 0x66])) // cut short inside its first string
        : r < 0.35 ? framed(8, types.get(8)!.toBuffer({ status: status === 'failed' ? 'failed' : 'ok', opt: i, inner: { code }, amount: i, note }))
        : framed(7, types.get(7)!.toBuffer({ status, opt: random() < 0.3 ? null : status, inner: { code }, amount: i, note }));
      parts.push({ key: null, value });
    }
    const b = encodeRecordBatch(parts.map((p, k) => ({ ...p, headers: [], timestamp: 1000 + k })));
    return b;
  }

  it('finds the same matches as a scan that decodes every value', async () => {
    const bytes = records();
    const scan = async (filter: string) => {
      const s = await ChunkScanner.create(await recordReaders(decoding, new PartDecoder(schemas), null), { filter: compileFilter(filter) });
      await s.scan({ partition: 0, from: 0, to: 400, bytes: batch(0, [{ key: null, value: null }]), maxMatches: 1 }); // nothing to rule out yet
      return s.scan({ partition: 0, from: 0, to: 400, bytes, maxMatches: 10_000 });
    };
    const cases: [string, string, boolean][] = [
      ['value.status == "failed" && value.amount > 100.0', '(value.status == "failed") == true && value.amount > 100.0', true],
      ['value.opt == "failed"', '(value.opt == "failed") == true', true],
      ['value.inner.code == "X1" && value.status == "ok"', '(value.inner.code == "X1") == true && (value.status == "ok") == true', true],
      [`value.inner.code == "${LONG}"`, `(value.inner.code == "${LONG}") == true`, true],
    ];
    for (const [withLiterals, without, rulesOut] of cases) {
      const [fast, plain] = await Promise.all([scan(withLiterals), scan(without)]);
      expect(fast.matches.length).toBeGreaterThan(0);
      expect(fast.matches.map((m) => m.offset)).toEqual(plain.matches.map((m) => m.offset));
      expect(plain.ruledOut).toBe(0);
      if (rulesOut) expect(fast.ruledOut).toBeGreaterThan(50);
      // Values of the unknown schema are never ruled out; a value of schema 7 cut short is, when it lacks the literal
      // (as JSON text that does not parse is): it is counted as ruled out, not as a decode error.
      const unknown = (r: typeof fast) => r.decodeErrors.filter(([reason]) => reason.includes('schema 9'));
      expect(unknown(fast)).toEqual(unknown(plain));
      expect(unknown(fast)[0]![1]).toBeGreaterThan(5);
      const errors = (r: typeof fast) => r.decodeErrors.reduce((n, [, c]) => n + c, 0);
      expect(errors(fast) + fast.ruledOut).toBeGreaterThanOrEqual(errors(plain));
      expect(fast.failures).toEqual(plain.failures);
    }
  });

  it('decodes every value of a schema where the field of a literal is an enum, a number or missing', async () => {
    const readers = await recordReaders(decoding, new PartDecoder(schemas), null);
    await readers.value(framed(7, types.get(7)!.toBuffer({ status: 'ok', opt: null, inner: { code: 'X1' }, amount: 1, note: '' })));
    await readers.value(framed(8, types.get(8)!.toBuffer({ status: 'ok', opt: 1, inner: { code: 'X1' }, amount: 1, note: '' })));
    expect(readers.avroTextFields(7, [['status'], ['opt'], ['inner', 'code']])).toBe(true);
    expect(readers.avroTextFields(8, [['status']])).toBe(false); // an enum
    expect(readers.avroTextFields(8, [['opt']])).toBe(false); // an int
    expect(readers.avroTextFields(7, [['amount']])).toBe(false);
    expect(readers.avroTextFields(7, [['missing']])).toBe(false);
    expect(readers.avroTextFields(7, [['inner']])).toBe(false); // a record
    expect(readers.avroTextFields(9, [['status']])).toBeNull(); // not compiled
  });
});
