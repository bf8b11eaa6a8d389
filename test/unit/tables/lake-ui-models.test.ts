import { tableToIPC, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { rowsOf, toCell } from '../../../renderer/src/components/arrow-rows';
import { numericColumns, toCsv, toJsonLines } from '../../../renderer/src/features/sql/result-export';
import { completionItems } from '../../../renderer/src/features/sql/completion';
import { describeChanges, sizeSeries } from '../../../renderer/src/features/tables/snapshot-model';
import type { SnapshotView, TableView } from '../../../shared/model/lake';

const rows = { columns: [{ name: 'id', type: 'BIGINT' }, { name: 'note', type: 'VARCHAR' }], rows: [[1n, 'plain'], [2n ** 60n, 'has "quotes", commas'], [3n, null]] };

describe('query results', () => {
  it('decode from Arrow IPC with exact 64-bit integers and NULLs', () => {
    const arrow = tableToIPC(tableFromArrays({ id: BigInt64Array.from([1n, 2n ** 60n]), n: Float64Array.from([0.5, 2]) }), 'stream');
    const decoded = rowsOf({ columns: [{ name: 'id', type: 'BIGINT' }, { name: 'n', type: 'DOUBLE' }], arrow, rowCount: 2, truncated: false, elapsedMs: 1 });
    expect(decoded.rows).toEqual([[1n, 0.5], [2n ** 60n, 2]]);
    expect(toCell(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(toCell(new Uint8Array([0, 255]))).toBe('00ff');
    expect(toCell({ a: 1n })).toBe('{"a":"1"}');
  });

  it('export as CSV (RFC 4180) and JSON Lines (big integers exact)', () => {
    expect(toCsv(rows)).toBe('id,note\r\n1,plain\r\n1152921504606846976,"has ""quotes"", commas"\r\n3,\r\n');
    expect(toJsonLines(rows).split('\n')).toEqual(['{"id":1,"note":"plain"}', '{"id":"1152921504606846976","note":"has \\"quotes\\", commas"}', '{"id":3,"note":null}', '']);
    expect(numericColumns(rows)).toEqual([0]);
  });
});

describe('snapshot timeline', () => {
  const snap = (id: bigint, t: number, summary: Record<string, string>): SnapshotView => ({ snapshotId: id, parentSnapshotId: null, sequenceNumber: id, timestampMs: t, operation: 'append', summary, schemaId: 0, manifestList: '', refs: [] });
  it('orders sizes by time and reads the summary totals', () => {
    const series = sizeSeries([snap(2n, 20, { 'total-records': '15', 'total-files-size': '900' }), snap(1n, 10, { 'total-records': '10' })]);
    expect(series.map((p) => [p.snapshotId, p.records, p.bytes])).toEqual([[1n, 10, null], [2n, 15, 900]]);
  });
  it('describes what a snapshot changed', () => {
    expect(describeChanges({ 'added-data-files': '2', 'added-records': '1000', 'deleted-records': '4', 'added-position-deletes': '4' })).toBe('+2 files, +1,000 records, −4 records, +4 position deletes');
    expect(describeChanges({})).toBe('no file changes');
  });
});

describe('SQL completion', () => {
  it('offers tables by SQL name, their columns once, and keywords', () => {
    const view = { id: { namespace: ['db'], name: 'events' }, schema: [{ id: 1, name: 'id', type: 'long', required: false }, { id: 2, name: 'Order Total', type: 'double', required: false }] } as TableView;
    const items = completionItems([{ namespace: ['db'], name: 'events' }, { namespace: [], name: 'my-table' }], [view, view]);
    expect(items.filter((i) => i.kind === 'table').map((i) => i.insert)).toEqual(['db.events', '"my-table"']);
    expect(items.filter((i) => i.kind === 'column').map((i) => i.insert)).toEqual(['id', '"Order Total"']);
    expect(items.some((i) => i.label === 'GROUP BY')).toBe(true);
  });
});

describe('create-table form', () => {
  it('reads columns a line each, with optional required and quoted names', async () => {
    const { parseFieldLines, parseTableName } = await import('../../../renderer/src/features/tables/table-form');
    expect(parseFieldLines('id long required\n\n"Order Total" decimal(10, 2)\nts timestamptz')).toEqual([
      { name: 'id', type: 'long', required: true },
      { name: 'Order Total', type: 'decimal(10, 2)', required: false },
      { name: 'ts', type: 'timestamptz', required: false },
    ]);
    expect(() => parseFieldLines('id')).toThrow(/Line 1/);
    expect(() => parseFieldLines('id long\nID string')).toThrow(/listed twice/);
    expect(parseTableName('db.sales.orders')).toEqual({ namespace: ['db', 'sales'], name: 'orders' });
    expect(() => parseTableName('orders')).toThrow(/namespace\.table/);
  });
});
