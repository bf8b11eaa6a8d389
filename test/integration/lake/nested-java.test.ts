import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeService } from '../../../electron/core/lake/lake-service';
import type { CatalogSpec, TableId } from '../../../shared/model/lake';
import { resultRows } from './lake-fixtures';
import { buildJavaFixtures, javaOracleRows, type JavaOracle } from './java-fixtures';

// Java Iceberg wrote db.nested (NestedScenario.java): fields inside structs, lists of structs, maps of structs and a
// list of lists of structs renamed, moved, promoted, added and dropped, with position and equality deletes. Floe must
// read every snapshot as IcebergGenerics does, matching nested fields by id.
let oracle: JavaOracle;
let lake: LakeService;
let catalog: CatalogSpec;
const table: TableId = { namespace: [], name: 'nested' };

beforeAll(() => {
  ({ nested: oracle } = buildJavaFixtures());
  lake = new LakeService(mkdtempSync(join(tmpdir(), 'floe-lake-nested-')));
  catalog = { kind: 'metadata', location: oracle.metadataLocation };
}, 300_000);
afterAll(async () => {
  await lake?.close();
});

const parsed = (rows: string[]) => rows.map((r) => JSON.parse(r) as Record<string, string | null>);

describe('nested fields by id, against Java Iceberg', () => {
  it('every snapshot has exactly the rows IcebergGenerics scans (same multiset, same columns)', async () => {
    expect(oracle.snapshots.map((s) => s.operation)).toEqual(['append', 'append', 'append', 'append', 'append', 'delete', 'append']);
    for (const [i, snap] of oracle.snapshots.entries()) {
      const result = await lake.preview(catalog, table, { snapshotId: BigInt(snap.snapshotId) }, 1000);
      expect(result.columns.map((c) => c.name), `snapshot ${i + 1} columns`).toEqual(snap.columns);
      expect(resultRows(result), `snapshot ${i + 1} (${snap.operation})`).toEqual(javaOracleRows(snap));
    }
  });

  it('values written before the renames, promotions, moves and a re-added name read under the new names, in the new order', async () => {
    type Row = Record<string, string | null>;
    const json = <T>(v: string | null | undefined) => JSON.parse(v ?? 'null') as T;
    const now = new Map(parsed(resultRows(await lake.preview(catalog, table, {}, 1000))).map((r) => [r.id, r]));
    // Rows of the first file that are still live, with values at the depth each check follows.
    const firstFile = (oracle.snapshots[0]?.rows ?? []).filter((r) => now.has(r.id ?? null));
    const pick = (ok: (r: Row) => boolean): Row => {
      const row = firstFile.find(ok);
      if (!row) throw new Error('the first snapshot lacks a row to follow');
      return row;
    };
    const sRow = pick((r) => Object.values(json<Record<string, string | null> | null>(r.s) ?? { x: null }).every((v) => v !== null));
    const lRow = pick((r) => Object.values(json<Record<string, string | null>[] | null>(r.l)?.[0] ?? { x: null }).every((v) => v !== null));
    const nRow = pick((r) => json<{ inner: { k: string | null } | null } | null>(r.n)?.inner?.k != null);
    const mRow = pick((r) => json<[string, { v: string | null } | null][] | null>(r.m)?.[0]?.[1]?.v != null);
    const s = json<{ a: string; b: string; c: string }>(sRow.s);
    const [l] = json<{ p: string; q: string }[]>(lRow.l);
    const n = json<{ inner: { k: string; j: string | null }; z: string | null }>(nRow.n);
    const [m] = json<[string, { v: string }][]>(mRow.m);

    // s.b was dropped and another s.b added: the old b must not show through.
    expect(now.get(sRow.id ?? '')?.s).toBe(JSON.stringify({ b: null, gamma: s.c, alpha2: s.a, delta: null }));
    expect(JSON.stringify(json<unknown[]>(now.get(lRow.id ?? '')?.l)[0])).toBe(JSON.stringify({ q: l?.q, p: l?.p }));
    expect(now.get(nRow.id ?? '')?.n).toBe(JSON.stringify({ z: n.z, core: { kk: n.inner.k, fresh: null } }));
    expect(json<unknown[]>(now.get(mRow.id ?? '')?.m)[0]).toEqual([m?.[0], { vv: m?.[1].v, x: null }]);
  });
});
