import { describe, expect, it } from 'vitest';
import { FrameRows } from '../../../shared/model/match-frame';
import type { BrowseRecord } from '../../../shared/model/messages';
import { MatchFrameBuilder } from '../../../electron/core/messages/match-frame-builder';
import { RecordRows } from '../../../renderer/src/stores/record-rows';

const record = (offset: number, undecodable = false): BrowseRecord => ({
  partition: 0,
  offset,
  timestamp: offset,
  timestampType: 'create',
  key: { kind: 'null', size: 0 },
  value: undecodable ? { kind: 'hex', size: 1, error: 'bad bytes' } : { kind: 'json', size: 1 },
  headers: [],
  size: 1,
  keyPreview: '',
  valuePreview: String(offset),
});
const frameRows = (rs: BrowseRecord[]) => {
  const b = new MatchFrameBuilder();
  for (const r of rs) b.add(r);
  return new FrameRows(b.build());
};
const all = (rows: RecordRows) => Array.from({ length: rows.length }, (_, i) => rows.at(i)!.offset);

describe('RecordRows (the grid rows of the messages store)', () => {
  it('reads rows by index across arrays and frames, and finds the undecodable ones as they arrive', () => {
    const rows = RecordRows.of([record(0), record(1, true)]);
    rows.push(frameRows([record(2), record(3, true), record(4)]));
    rows.push([]);
    rows.push(frameRows([record(5, true)]));
    rows.push([record(6)]);
    expect(rows.length).toBe(7);
    expect(all(rows)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rows.at(7)).toBeUndefined();
    expect(rows.at(-1)).toBeUndefined();
    expect(rows.undecodable.map((r) => r.offset)).toEqual([1, 3, 5]);
    expect(rows.at(4)?.valuePreview).toBe('4');
  });

  it('drops rows from the front, within a batch and whole batches, with their undecodable ones', () => {
    const rows = RecordRows.of([record(0, true), record(1)]);
    rows.push(frameRows([record(2, true), record(3), record(4, true)]));
    rows.push([record(5)]);
    rows.dropFirst(1);
    expect(all(rows)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.undecodable.map((r) => r.offset)).toEqual([2, 4]);
    rows.dropFirst(2);
    expect(all(rows)).toEqual([3, 4, 5]);
    expect(rows.undecodable.map((r) => r.offset)).toEqual([4]);
    rows.push(frameRows([record(6, true)]));
    expect(all(rows)).toEqual([3, 4, 5, 6]);
    rows.dropFirst(10);
    expect(rows.length).toBe(0);
    expect(rows.undecodable).toEqual([]);
    rows.push([record(7)]);
    expect(all(rows)).toEqual([7]);
  });
});
