import { describe, expect, it } from 'vitest';
import { assignDeletes, type LiveFile } from '../../../electron/core/lake/scan/delete-index';
import type { ContentFile } from '../../../electron/core/lake/spec/manifest';
import type { PartitionSpec } from '../../../electron/core/lake/spec/metadata';
import { snapshotSelectSql } from '../../../electron/core/engine/view-sql';
import type { ScanPlan } from '../../../electron/core/lake/scan/planner';

const specs: PartitionSpec[] = [
  { specId: 0, fields: [] },
  { specId: 1, fields: [{ sourceId: 1, fieldId: 1000, name: 'cat', transform: 'identity' }] },
];

function file(path: string, content: ContentFile['content'], seq: bigint, specId = 1, partition: Record<string, unknown> = { cat: 'a' }, extra: Partial<ContentFile> = {}): LiveFile {
  return {
    sequenceNumber: seq,
    file: { content, path, format: 'PARQUET', specId, partition, recordCount: 1, sizeBytes: 1, equalityIds: content === 'equality-deletes' ? [1] : null, referencedDataFile: null, ...extra },
  };
}

const paths = (files: LiveFile[]) => files.map((f) => f.file.path);

describe('delete application rules (spec: Scan Planning)', () => {
  const data = [file('d1', 'data', 1n), file('d2', 'data', 2n), file('d3', 'data', 2n, 1, { cat: 'b' })];

  it('position deletes apply to data with sequence number <= theirs, in the same partition only', () => {
    const tasks = assignDeletes(data, [file('p2', 'position-deletes', 2n)], specs);
    expect(tasks.map((t) => paths(t.positionDeletes))).toEqual([['p2'], ['p2'], []]);
  });

  it('equality deletes apply only to strictly older data in the same partition', () => {
    const tasks = assignDeletes(data, [file('e2', 'equality-deletes', 2n)], specs);
    expect(tasks.map((t) => paths(t.equalityDeletes))).toEqual([['e2'], [], []]);
  });

  it('equality deletes with an unpartitioned spec are global', () => {
    const tasks = assignDeletes(data, [file('g3', 'equality-deletes', 3n, 0, {})], specs);
    expect(tasks.map((t) => paths(t.equalityDeletes))).toEqual([['g3'], ['g3'], ['g3']]);
  });

  it('a position delete naming its data file applies to that file only', () => {
    const tasks = assignDeletes(data, [file('p9', 'position-deletes', 9n, 1, { cat: 'a' }, { referencedDataFile: 'd2' })], specs);
    expect(tasks.map((t) => paths(t.positionDeletes))).toEqual([[], ['p9'], []]);
  });

  it('partition values compare by spec id too', () => {
    const tasks = assignDeletes([file('d', 'data', 1n, 1, { cat: 'a' })], [file('p', 'position-deletes', 5n, 2, { cat: 'a' })], specs);
    expect(tasks[0]?.positionDeletes).toEqual([]);
  });
});

describe('snapshot view SQL', () => {
  const schema = { schemaId: 0, identifierFieldIds: [], fields: [{ id: 1, name: 'k', required: false, type: { kind: 'long' as const } }, { id: 2, name: "it's", required: false, type: { kind: 'string' as const } }] };
  it('reads by field id, anti-joins position deletes on (file, row) and equality deletes null-safely', () => {
    const tasks = assignDeletes([file('/w/d1.parquet', 'data', 1n), file('/w/d2.parquet', 'data', 3n)], [file('/w/p.parquet', 'position-deletes', 2n), file('/w/e.parquet', 'equality-deletes', 2n)], specs);
    const plan: ScanPlan = { snapshot: null, schema, tasks, deleteFiles: [], filesScanned: 2, filesTotal: 2, manifestsScanned: 1, manifestsTotal: 1 };
    const sql = snapshotSelectSql(plan, (p) => p);
    expect(sql).toContain(`schema=map{1: {name: 'k', type: 'BIGINT', default_value: NULL}, 2: {name: 'it''s', type: 'VARCHAR', default_value: NULL}}`);
    expect(sql).toContain('ANTI JOIN');
    expect(sql).toContain('pd.pos = d.file_row_number');
    expect(sql).toContain('d."k" IS NOT DISTINCT FROM e0.k1');
    // d2 is newer than both deletes: it is read in its own group without any join.
    expect(sql).toMatch(/UNION ALL\n\(SELECT d\."k", d\."it's" FROM read_parquet\(\['\/w\/d2\.parquet'\], schema=map\{[^}]*\}[^)]*\}\) d\)/);
  });
  it('an empty snapshot is an empty, typed SELECT', () => {
    expect(snapshotSelectSql({ snapshot: null, schema, tasks: [], deleteFiles: [], filesScanned: 0, filesTotal: 0, manifestsScanned: 0, manifestsTotal: 0 }, (p) => p)).toBe(`SELECT NULL::BIGINT AS "k", NULL::VARCHAR AS "it's" WHERE false`);
  });
});
