// Issue 8 items 10 and 11: the diff opens on parent → current keyed by the identifier fields; the preview says how many
// rows the snapshot holds; the size chart's y axis has round ticks.
import { describe, expect, it } from 'vitest';
import { diffDefaults, niceTicks, snapshotRows } from '../../../renderer/src/features/tables/snapshot-model';
import { definitionOf, newTableMetadata } from '../../../electron/core/lake/catalog/new-table-metadata';
import { parseTableMetadata } from '../../../electron/core/lake/spec/metadata';
import { toTableView } from '../../../electron/core/lake/table-views';
import type { SnapshotView, TableView } from '../../../shared/model/lake';

const snap = (id: bigint, t: number, parent: bigint | null): SnapshotView => ({ snapshotId: id, parentSnapshotId: parent, sequenceNumber: id, timestampMs: t, operation: 'append', summary: {}, schemaId: 0, manifestList: '', refs: [] });
const view = (current: bigint | null, identifierFields: string[] = []): TableView =>
  ({ currentSnapshotId: current, identifierFields, schema: [{ id: 1, name: 'id', type: 'long', required: true }, { id: 2, name: 'v', type: 'string', required: false }] }) as TableView;

describe('diff defaults', () => {
  // 1 → 2 → 3 on main; 4 was written later from 2 (a branch or a rolled-back write), and the table's current is 3.
  const snapshots = [snap(1n, 10, null), snap(2n, 20, 1n), snap(3n, 30, 2n), snap(4n, 40, 2n)];

  it('compares the current snapshot with its parent, not the two newest by time', () => {
    expect(diffDefaults(view(3n), snapshots)).toEqual({ from: 2n, to: 3n, keys: [] });
    expect(diffDefaults(view(4n), snapshots)).toMatchObject({ from: 2n, to: 4n });
  });

  it('falls back to the snapshot before in time when the parent is gone, and to nothing for a lone snapshot', () => {
    expect(diffDefaults(view(3n), [snap(1n, 10, null), snap(3n, 30, 2n)])).toMatchObject({ from: 1n, to: 3n });
    expect(diffDefaults(view(1n), [snap(1n, 10, null)])).toEqual({ from: null, to: 1n, keys: [] });
    expect(diffDefaults(view(null), [])).toEqual({ from: null, to: null, keys: [] });
  });

  it('matches rows by the identifier fields the current schema still has', () => {
    expect(diffDefaults(view(3n, ['id']), snapshots).keys).toEqual(['id']);
    expect(diffDefaults(view(3n, ['gone']), snapshots).keys).toEqual([]);
  });

  it('the table view names the identifier fields of the current schema', () => {
    const def = { ...definitionOf([{ name: 'order_id', type: 'long', required: true }, { name: 'note', type: 'string' }]), identifierFieldIds: [1] };
    const metadata = parseTableMetadata(newTableMetadata('file:///tmp/t', def), 'test');
    const id = { namespace: ['db'], name: 't' };
    expect(toTableView({ id, metadataLocation: 'file:///tmp/t/metadata/00000.metadata.json', metadata }, id).identifierFields).toEqual(['order_id']);
    const plain = parseTableMetadata(newTableMetadata('file:///tmp/t', definitionOf([{ name: 'a', type: 'int' }])), 'test');
    expect(toTableView({ id, metadataLocation: 'x', metadata: plain }, id).identifierFields).toEqual([]);
  });
});

describe('rows a snapshot holds', () => {
  it('reads the summary: records less position deletes, an upper bound with equality deletes, nothing without totals', () => {
    expect(snapshotRows({ 'total-records': '1093' })).toEqual({ rows: 1093, exact: true, text: '1,093 row(s)' });
    expect(snapshotRows({ 'total-records': '150', 'total-position-deletes': '10', 'total-equality-deletes': '0' })).toEqual({ rows: 140, exact: true, text: '140 row(s) (150 records, 10 deleted by position)' });
    expect(snapshotRows({ 'total-records': '150', 'total-equality-deletes': '3' })).toEqual({ rows: 150, exact: false, text: 'at most 150 row(s) (150 records, 3 equality deletes not counted)' });
    expect(snapshotRows({})).toBeNull();
  });
});

describe('size chart ticks', () => {
  it('are round steps of 1, 2 or 5 × 10^k from 0 up to the first at or above the largest value', () => {
    expect(niceTicks(195)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(200)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1_200_000)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
