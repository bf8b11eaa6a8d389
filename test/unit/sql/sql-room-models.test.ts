import { describe, expect, it } from 'vitest';
import { completionItems, nameBefore, snapshotContext, snapshotItems, snapshotSqlName } from '../../../renderer/src/features/sql/completion';
import { MAX_TABS, readSaved, timeLimitSeconds } from '../../../renderer/src/features/sql/sql-tabs';
import type { SnapshotView, TableId, TableView } from '../../../shared/model/lake';

const events: TableId = { namespace: ['db'], name: 'events' };
const tables: TableId[] = [events, { namespace: ['db'], name: 'orders' }, { namespace: ['sales', 'eu'], name: 'orders' }, { namespace: [], name: 'my-table' }];
const view = (id: TableId, ...names: string[]) => ({ id, schema: names.map((name, i) => ({ id: i + 1, name, type: 'long', required: false })) }) as TableView;
const snap = (id: bigint, t: number, records: string, refs: string[] = []): SnapshotView => ({ snapshotId: id, parentSnapshotId: null, sequenceNumber: id, timestampMs: t, operation: 'append', summary: { 'total-records': records }, schemaId: 0, manifestList: '', refs });

describe('SQL completion', () => {
  it('takes the whole dotted, quoted name before the cursor', () => {
    expect(nameBefore('SELECT * FROM db.ev')).toBe('db.ev');
    expect(nameBefore('SELECT * FROM db."events@57')).toBe('db."events@57');
    expect(nameBefore('SELECT count(')).toBe('');
  });

  it('replaces the whole table name but only the last word of a column, columns of named tables first', () => {
    const items = completionItems(tables, [view({ namespace: ['db'], name: 'orders' }, 'total'), view(events, 'id', 'category')], 'SELECT  FROM db.events');
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect(byLabel.get('db.events')).toMatchObject({ kind: 'table', wholeName: true });
    expect(byLabel.get('"my-table"')?.insert).toBe('"my-table"');
    expect(byLabel.get('category')).toMatchObject({ kind: 'column', wholeName: false, sort: 'a' });
    expect(byLabel.get('total')?.sort).toBe('d');
    expect(items.filter((i) => i.kind === 'column').map((i) => i.label)).toEqual(['id', 'category', 'total']);
  });

  it('finds the table of a snapshot being typed, by full name or by an unambiguous short name', () => {
    expect(snapshotContext('db.events@', tables)?.table).toEqual(events);
    expect(snapshotContext('db."events@57', tables)?.table).toEqual(events);
    expect(snapshotContext('"db"."events@', tables)?.table).toEqual(events);
    expect(snapshotContext('events@', tables)?.table).toEqual(events);
    expect(snapshotContext('orders@', tables)).toBeNull(); // two namespaces have one
    expect(snapshotContext('sales.eu.orders@1', tables)?.table.namespace).toEqual(['sales', 'eu']);
    expect(snapshotContext('db.events', tables)).toBeNull();
    expect(snapshotContext('db.events@x', tables)).toBeNull();
    expect(snapshotContext('db.nope@', tables)).toBeNull();
  });

  it('offers snapshots newest first, inserting the quoted snapshot name over what was typed', () => {
    const items = snapshotItems({ table: events, typed: 'db.events@' }, [snap(5718n, 1000, '100'), snap(6455n, 2000, '150', ['main'])], (ms) => `t${ms}`);
    expect(items.map((i) => i.insert)).toEqual(['db."events@6455"', 'db."events@5718"']);
    expect(items[0]).toMatchObject({ label: '6455', filter: 'db.events@6455', detail: 't2000 · append · 150 records · main', wholeName: true });
    expect(items[0]!.sort < items[1]!.sort).toBe(true);
    expect(snapshotSqlName({ namespace: [], name: 'we"ird' }, 1n)).toBe('"we""ird@1"');
  });
});

describe('SQL tabs in storage', () => {
  it('restores saved tabs, the active one and the catalog', () => {
    const saved = readSaved(JSON.stringify({ tabs: [{ id: 'a', title: 'Query 1', text: 'SELECT 1' }, { id: 'b', title: '', text: 'SELECT 2' }], active: 'b', catalogId: 'c1' }));
    expect(saved).toEqual({ tabs: [{ id: 'a', title: 'Query 1', text: 'SELECT 1' }, { id: 'b', title: 'Query 2', text: 'SELECT 2' }], active: 'b', catalogId: 'c1' });
  });

  it('starts with one tab when storage is empty, unreadable or holds nonsense, never throwing', () => {
    for (const raw of [null, '{', '42', '{"tabs":"x"}', '{"tabs":[{"id":1,"text":"x"}]}']) {
      const saved = readSaved(raw);
      expect(saved.tabs).toHaveLength(1);
      expect(saved.active).toBe(saved.tabs[0]!.id);
      expect(saved.catalogId).toBeNull();
    }
    const many = readSaved(JSON.stringify({ tabs: Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, text: '' })), active: 'gone' }));
    expect(many.tabs).toHaveLength(MAX_TABS);
    expect(many.active).toBe('t0');
  });

  it('reads the time limit box', () => {
    expect(timeLimitSeconds(' ')).toBeUndefined();
    expect(timeLimitSeconds('2.5')).toBe(2.5);
    for (const bad of ['0', '-1', 'x', '86401']) expect(timeLimitSeconds(bad)).toBeNull();
  });
});
