import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { startCore } from '../core-session';
import { resultRows } from './lake-fixtures';
import { buildJavaFixtures, javaOracleRows, type JavaOracle } from './java-fixtures';

// The oracle here is Java Iceberg itself: the fixture program writes the table with Iceberg's own writers
// (position and equality delete files, row deltas) and records what IcebergGenerics scans at every snapshot.
let oracle: JavaOracle;
let keyed: JavaOracle;
let core: ReturnType<typeof startCore>;
let catalog: CatalogSpec;
const table: TableId = { namespace: [], name: 'deletes' };

beforeAll(() => {
  ({ deletes: oracle, keyed } = buildJavaFixtures());
  core = startCore(mkdtempSync(join(tmpdir(), 'floe-no-lab-')));
  catalog = { kind: 'metadata', location: oracle.metadataLocation };
}, 300_000);
afterAll(async () => {
  await core?.close();
});

const ids = (rows: string[]) => rows.map((r) => (JSON.parse(r) as { id: string }).id);

describe('delete files written by Java Iceberg', () => {
  it('the fixture holds position and equality deletes (on id) in both partitions, with the sequence numbers of its commits', async () => {
    expect(oracle.formatVersion).toBe(2);
    expect(oracle.snapshots.map((s) => s.sequenceNumber)).toEqual(['1', '2', '3', '4', '5']);
    const files = await core.client.call('lake.files', { catalog, table, at: {} });
    const kinds = files.map((f) => `${f.content}:${String(f.partition.part)}:${f.sequenceNumber}${f.equalityIds ? `:eq${f.equalityIds.join(',')}` : ''}`).sort();
    expect(kinds).toEqual([
      'data:a:1', 'data:a:4', 'data:a:5', 'data:b:1', 'data:b:4',
      'equality-deletes:a:3:eq1', 'equality-deletes:a:5:eq1', 'equality-deletes:b:3:eq1',
      'position-deletes:a:2', 'position-deletes:a:5', 'position-deletes:b:2',
    ]);
  });

  it('every snapshot read through lake.preview has exactly the rows IcebergGenerics scans (same multiset)', async () => {
    for (const snap of oracle.snapshots) {
      const result = await core.client.call('lake.preview', { catalog, table, at: { snapshotId: BigInt(snap.snapshotId) }, limit: 1000 });
      expect(result.columns.map((c) => c.name)).toEqual(snap.columns);
      expect(resultRows(result), `snapshot ${snap.sequenceNumber} (${snap.operation})`).toEqual(javaOracleRows(snap));
    }
  });

  it('honours the sequence-number rules: equality deletes spare later and same-commit rows, position deletes reach same-commit files', async () => {
    const at = (seq: string) => oracle.snapshots.find((s) => s.sequenceNumber === seq)?.snapshotId ?? '0';
    const read = async (seq: string) => resultRows(await core.client.call('lake.preview', { catalog, table, at: { snapshotId: BigInt(at(seq)) }, limit: 1000 }));
    // seq 2: position deletes took rows 1 and 3 of a's first file (ids 2, 4) and row 0 of b's (id 101).
    expect(ids(await read('2')).sort()).toEqual(['1', '102', '103', '104', '105', '106', '3', '5', '6']);
    // seq 3: equality deletes took 5 in a, 103 and 105 in b; id 6 (in a) survives b's delete of 6: deletes are per partition.
    expect(ids(await read('3')).sort()).toEqual(['1', '102', '104', '106', '3', '6']);
    // seq 4: ids 5 and 103 written again after the deletes are live again, once each, with their new names.
    const four = await read('4');
    expect(four.filter((r) => ['5', '103'].includes((JSON.parse(r) as { id: string }).id)).map((r) => (JSON.parse(r) as { name: string }).name).sort()).toEqual(['b103 again', 'five again']);
    // seq 5: a row delta adds 7, 8, 9 with a position delete of 7 (applies) and an equality delete of 8 and 1 in
    // the same commit: 8 stays (same sequence number), 1 (written at seq 1) goes.
    expect(ids(await read('5')).sort()).toEqual(['102', '103', '104', '106', '200', '3', '5', '6', '8', '9']);
  });

  it('opens the table by its folder (version-hint.text) and answers SQL with the deletes applied', async () => {
    const folder: CatalogSpec = { kind: 'metadata', location: oracle.location };
    const view = await core.client.call('lake.table', { catalog: folder, table });
    expect(view.metadataLocation).toBe(oracle.metadataLocation);
    expect(view.partitionSpec.map((p) => `${p.transform}:${p.name}`)).toEqual(['identity:part']);
    const last = oracle.snapshots.at(-1);
    const counts = await core.client.call('lake.sql', { catalog: folder, sql: 'SELECT part, count(*) AS n FROM deletes GROUP BY part ORDER BY part', limit: 10 });
    const rows = tableFromIPC(counts.arrow).toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    const expected = ['a', 'b'].map((p) => ({ part: p, n: BigInt(last?.rows.filter((r) => r.part === p).length ?? -1) }));
    expect(rows).toEqual(expected);
  });
});

describe('global equality deletes on several columns, with nulls (Java Iceberg)', () => {
  const keyedTable: TableId = { namespace: [], name: 'keyed' };
  const spec = (): CatalogSpec => ({ kind: 'metadata', location: keyed.metadataLocation });

  it('every snapshot has exactly the rows IcebergGenerics scans', async () => {
    expect(keyed.snapshots).toHaveLength(5);
    for (const snap of keyed.snapshots) {
      const result = await core.client.call('lake.preview', { catalog: spec(), table: keyedTable, at: { snapshotId: BigInt(snap.snapshotId) }, limit: 1000 });
      expect(resultRows(result), `snapshot ${snap.sequenceNumber} (${snap.operation})`).toEqual(javaOracleRows(snap));
    }
  });

  it('a null key equals null; other column sets and later rows follow the same rules', async () => {
    const files = await core.client.call('lake.files', { catalog: spec(), table: keyedTable, at: {} });
    expect(files.filter((f) => f.content === 'equality-deletes').map((f) => `${f.sequenceNumber}:${f.equalityIds?.join(',')}`).sort()).toEqual(['2:1,2', '3:2', '3:3', '5:3']);
    const at = (seq: string) => BigInt(keyed.snapshots.find((s) => s.sequenceNumber === seq)?.snapshotId ?? '0');
    const read = async (seq: string) => ids(resultRows(await core.client.call('lake.preview', { catalog: spec(), table: keyedTable, at: { snapshotId: at(seq) }, limit: 100 }))).sort();
    // (2, null) deleted row 2 whose name is null; (3, 'z') matched nothing.
    expect(await read('2')).toEqual(['1', '3', '4', '5']);
    // name = 'x' took 1 and 5; qty = null matched nothing then.
    expect(await read('3')).toEqual(['3', '4']);
    // 6 (name x, qty null) and 7 came later than those deletes: both live.
    expect(await read('4')).toEqual(['3', '4', '6', '7']);
    // A position delete took 7; a new qty = null delete took 6.
    expect(await read('5')).toEqual(['3', '4']);
  });
});
