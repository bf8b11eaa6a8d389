import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { buildLakeFixtures, oracleRows, resultRows, type Oracle } from './lake-fixtures';

let oracle: Oracle;
let lake: LakeService;
let catalog: CatalogSpec;
const idOf = (name: string): TableId => ({ namespace: name.split('.').slice(0, -1), name: name.split('.').pop() ?? '' });

beforeAll(() => {
  oracle = buildLakeFixtures();
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-data-')));
  catalog = { kind: 'sqlite', path: oracle.catalog };
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

describe('Iceberg reader against pyiceberg (the oracle)', () => {
  it('lists the catalog written by pyiceberg SqlCatalog', async () => {
    const { namespaces, tables } = await lake.tables(catalog);
    expect(namespaces).toEqual([['db']]);
    expect(tables.map((t) => t.name).sort()).toEqual(oracle.tables.map((t) => t.name.split('.')[1]).sort());
  });

  it('every snapshot of every table has exactly the rows pyiceberg scans (same multiset)', async () => {
    let compared = 0;
    for (const table of oracle.tables) {
      for (const snap of table.snapshots) {
        const result = await lake.preview(catalog, idOf(table.name), { snapshotId: BigInt(snap.snapshotId) }, 100_000);
        expect(result.columns.map((c) => c.name), `${table.name}@${snap.snapshotId} columns`).toEqual(snap.columns);
        expect(resultRows(result), `${table.name}@${snap.snapshotId}`).toEqual(oracleRows(snap));
        compared++;
      }
    }
    expect(compared).toBe(oracle.tables.reduce((n, t) => n + t.snapshots.length, 0));
    expect(compared).toBeGreaterThanOrEqual(14);
  });

  it('reads the current snapshot, a tag and a time through the same rules', async () => {
    const events = oracle.tables.find((t) => t.name === 'db.events');
    if (!events) throw new Error('fixture lacks db.events');
    const last = events.snapshots.at(-1);
    const tagged = events.snapshots.find((s) => s.snapshotId === events.refs['before-drop']);
    if (!last || !tagged) throw new Error('fixture lacks snapshots');
    expect(resultRows(await lake.preview(catalog, idOf('db.events'), {}, 100_000))).toEqual(oracleRows(last));
    const byTag = await lake.preview(catalog, idOf('db.events'), { ref: 'before-drop' }, 100_000);
    expect(byTag.columns.map((c) => c.name)).toContain('note');
    expect(resultRows(byTag)).toEqual(oracleRows(tagged));
    const second = events.snapshots[1];
    if (!second) throw new Error('fixture lacks snapshots');
    expect(resultRows(await lake.preview(catalog, idOf('db.events'), { asOfMs: second.timestampMs }, 100_000))).toEqual(oracleRows(second));
  });

  it('opens a table straight from its metadata.json', async () => {
    const legacy = oracle.tables.find((t) => t.name === 'db.legacy');
    if (!legacy) throw new Error('fixture lacks db.legacy');
    const spec: CatalogSpec = { kind: 'metadata', location: legacy.metadataLocation.replace(/^file:\/\//, '') };
    const { tables } = await lake.tables(spec);
    expect(tables).toEqual([{ namespace: [], name: 'legacy' }]);
    const view = await lake.table(spec, { namespace: [], name: 'legacy' });
    expect(view.formatVersion).toBe(1);
    expect(resultRows(await lake.preview(spec, { namespace: [], name: 'legacy' }, {}, 100))).toEqual(oracleRows(legacy.snapshots.at(-1) ?? legacy.snapshots[0]!));
  });

  it('answers SQL over catalog tables and named snapshots', async () => {
    const events = oracle.tables.find((t) => t.name === 'db.events');
    const first = events?.snapshots[0];
    if (!events || !first) throw new Error('fixture lacks db.events');
    const now = await lake.sql(catalog, 'SELECT count(*) AS n FROM db.events', 10);
    expect(resultRows(now)).toEqual([JSON.stringify({ n: String(events.snapshots.at(-1)?.rows.length) })]);
    const old = await lake.sql(catalog, `SELECT count(*) AS n FROM db."events@${first.snapshotId}"`, 10);
    expect(resultRows(old)).toEqual([JSON.stringify({ n: String(first.rows.length) })]);
  });

  it('lists snapshots with summaries and files with sequence numbers', async () => {
    const events = oracle.tables.find((t) => t.name === 'db.events');
    const snaps = await lake.snapshots(catalog, idOf('db.events'));
    expect(snaps.map((s) => s.snapshotId.toString())).toEqual(events?.snapshots.map((s) => s.snapshotId));
    expect(snaps[0]?.operation).toBe('append');
    expect(snaps.find((s) => s.refs.includes('before-drop'))?.snapshotId.toString()).toBe(events?.refs['before-drop']);
    const files = await lake.files(catalog, idOf('db.events'), {});
    expect(files.length).toBeGreaterThan(0);
    expect(files.reduce((n, f) => n + f.recordCount, 0)).toBe(events?.snapshots.at(-1)?.rows.length);
  });
});
