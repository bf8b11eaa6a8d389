import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import { FrameRows, type MatchFrame } from '../../../shared/model/match-frame';
import type { BrowseRecord } from '../../../shared/model/messages';
import { decodeEnvelope, encodeEnvelope } from '../../../shared/rpc/json-codec';
import { MatchFrameBuilder, joinFrames, sliceFrame } from '../../../electron/core/messages/match-frame-builder';
import { PendingMatches } from '../../../electron/core/messages/pending-matches';
import { gridRecord } from '../../../electron/core/messages/record-view';
import type { ChunkResult } from '../../../electron/core/messages/chunk-scanner';

const base = (offset: number, over: Partial<BrowseRecord> = {}): BrowseRecord => ({
  partition: offset % 3,
  offset,
  timestamp: 1_764_000_000_000 + offset,
  timestampType: 'create',
  key: { kind: 'string', value: `k${offset}`, size: 2 },
  value: { kind: 'json', value: { n: offset }, size: 8 },
  headers: [],
  size: 10,
  keyPreview: `k${offset}`,
  valuePreview: `{"n":${offset}}`,
  ...over,
});

/** Every shape a grid row takes: plain, wire facts of each schema type, decode problems, headers, flags, odd text. */
const records: BrowseRecord[] = [
  base(0),
  base(1, { key: { kind: 'null', size: 0 }, keyPreview: '', valuePreview: '' }),
  base(2, { value: { kind: 'avro', value: { a: 1 }, size: 40, wire: { magic: 0, schemaId: 7, schemaType: 'AVRO' } }, schemaId: 7 }),
  base(3, { key: { kind: 'avro', value: 'x', size: 6, wire: { magic: 0, schemaId: 3 } }, schemaId: 3 }),
  base(4, { value: { kind: 'protobuf', value: {}, size: 9, wire: { magic: 0, schemaId: 11, schemaType: 'PROTOBUF', messageIndexes: [1], messageType: 'a.B' } }, schemaId: 11 }),
  base(5, { value: { kind: 'json-schema', value: {}, size: 9, wire: { magic: 0, schemaId: 12, schemaType: 'JSON' }, warnings: ['id: required'] }, schemaId: 12 }),
  base(6, { value: { kind: 'hex', value: 'ff', size: 1, error: 'unknown schema id 99', registryFailure: 'NOT_FOUND', wire: { magic: 0, schemaId: 99 } }, schemaId: 99 }),
  base(7, { value: { kind: 'string', value: '{x', size: 2, fallback: 'not JSON: Unexpected token' } }),
  base(8, { headers: [{ key: 'trace', value: 'abc' }, { key: 'bin', value: null, hex: 'ff00' }] }),
  base(9, { timestampType: 'log-append', truncated: true, keyPreview: 'é𝄞 “quotes” \\ "$bigint": 1', valuePreview: '…' }),
  base(10, { offset: 2 ** 52 + 10, timestamp: -5, size: 0 }),
];
const grid = records.map(gridRecord);

function frameOf(rs: BrowseRecord[]): MatchFrame {
  const b = new MatchFrameBuilder();
  for (const r of rs) b.add(r);
  return b.build();
}
const rowsOf = (frame: MatchFrame) => {
  const rows = new FrameRows(frame);
  return Array.from({ length: rows.length }, (_, i) => rows.at(i));
};

describe('MatchFrame', () => {
  it('gives back every row as the grid view builds it, bodies left out', () => {
    const frame = frameOf(records);
    expect(frame.rows).toBe(records.length);
    expect(rowsOf(frame)).toEqual(grid);
    // Only the rows the columns cannot hold carry extras: protobuf wire facts, problems, headers.
    expect(frame.extras.map((e) => e.row)).toEqual([4, 5, 6, 7, 8]);
    expect(new FrameRows(frame).at(records.length)).toBeUndefined();
    expect(new FrameRows(frame).at(-1)).toBeUndefined();
  });

  it('grows past its first allocation', () => {
    const many = Array.from({ length: 1000 }, (_, i) => base(i));
    expect(rowsOf(frameOf(many))).toEqual(many.map(gridRecord));
  });

  it('crosses structured clone and the JSON transport unchanged', () => {
    const frame = frameOf(records);
    expect(rowsOf(v8.deserialize(v8.serialize(frame)) as MatchFrame)).toEqual(grid);
    const event = { k: 'event', id: 1, event: { kind: 'frame', frame } };
    const back = decodeEnvelope(encodeEnvelope(event as never)) as typeof event;
    expect(rowsOf(back.event.frame)).toEqual(grid);
  });

  it('reads columns a transport left off their alignment, and names columns of the wrong size', () => {
    const frame = frameOf(records);
    const shifted = (bytes: Uint8Array) => {
      const room = new Uint8Array(bytes.length + 1);
      room.set(bytes, 1);
      return room.subarray(1);
    };
    expect(rowsOf({ ...frame, numbers: shifted(frame.numbers), previewEnds: shifted(frame.previewEnds) })).toEqual(grid);
    expect(() => new FrameRows({ ...frame, codes: frame.codes.subarray(1) })).toThrow(/11 rows has columns of the wrong size/);
  });

  it('slices and joins rows, previews and extras', () => {
    const frame = frameOf(records);
    for (const [from, to] of [
      [0, 0],
      [0, 4],
      [3, 9],
      [8, 11],
      [5, 6],
    ] as const)
      expect(rowsOf(sliceFrame(frame, from, to))).toEqual(grid.slice(from, to));
    const joined = joinFrames([{ frame, from: 6 }, { frame: frameOf(records.slice(0, 3)) }, { frame, from: 2, to: 5 }]);
    expect(rowsOf(joined)).toEqual([...grid.slice(6), ...grid.slice(0, 3), ...grid.slice(2, 5)]);
  });
});

describe('PendingMatches', () => {
  const result = (rs: BrowseRecord[], framed: boolean): ChunkResult => ({
    partition: 0,
    matches: framed ? [] : rs,
    ...(framed ? { frame: frameOf(rs) } : {}),
    scannedAt: [],
    bytesAt: [],
    scanned: 0,
    bytes: 0,
    scannedTo: 0,
    ruledOut: 0,
    decodeErrors: [],
    decodeFallbacks: [],
    filterErrors: [],
    failures: [],
    stopped: false,
  });
  const batchRows = (b: BrowseRecord[] | MatchFrame) => (Array.isArray(b) ? b : rowsOf(b));

  it.each([false, true])('sends what chunks kept in order, in batches of at most the size asked (frames: %s)', (framed) => {
    const chunks = [0, 7, 3, 12].map((n, c) => Array.from({ length: n }, (_, i) => base(c * 100 + i)));
    const pending = new PendingMatches();
    const kept = [0, 7, 2, 12];
    chunks.forEach((rs, c) => {
      const r = result(rs, framed);
      expect(PendingMatches.found(r)).toBe(rs.length);
      if (rs.length > 0) expect(PendingMatches.offsetOf(r, rs.length - 1)).toBe(rs.at(-1)!.offset);
      pending.add(r, kept[c]!);
    });
    expect(pending.count).toBe(21);
    const batches = pending.take(5);
    expect(batches.map((b) => batchRows(b).length)).toEqual([5, 5, 5, 5, 1]);
    const expected = chunks.flatMap((rs, c) => rs.slice(0, kept[c]));
    expect(batches.flatMap(batchRows)).toEqual(framed ? expected.map(gridRecord) : expected);
    expect(pending.count).toBe(0);
    expect(pending.take(5)).toEqual([]);
  });

  it('sends a frame that is a batch on its own as it came', () => {
    const pending = new PendingMatches();
    const r = result([base(1), base(2)], true);
    pending.add(r, 2);
    expect(pending.take(500)).toEqual([r.frame]);
  });
});
