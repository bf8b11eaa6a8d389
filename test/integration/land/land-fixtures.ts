import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { LabInfo } from '../../../electron/lab';
import type { LandJobSpec, LandStatus } from '../../../shared/model/land';
import type { LandJobView } from '../../../shared/rpc/land-contract';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { startCore } from '../core-session';

const root = join(import.meta.dirname, '..', '..', '..');
let python: string | undefined;

type Core = ReturnType<typeof startCore>;

/**
 * A test file's core on the lab and its topics (`partitions` each): started and made before its tests, closed and
 * deleted after them. The object stands for the core started then.
 */
export function coreWithTopics(lab: LabInfo, topics: string[], partitions = 2): Core {
  let started: Core | undefined;
  beforeAll(async () => {
    started = startCore(lab.home);
    await createTopics(lab, topics.map((topic) => ({ topic, partitions })));
  }, 120_000);
  afterAll(async () => {
    await started?.close();
    await deleteTopics(lab, topics);
  });
  return new Proxy({} as Core, {
    get: (_target, key) => {
      if (!started) throw new Error('the core starts in beforeAll');
      return Reflect.get(started, key) as unknown;
    },
  });
}

/** A fresh SQL catalog (SQLite) and warehouse folder for landed tables. */
export function landingCatalog(): { path: string; warehouse: string } {
  const dir = mkdtempSync(join(tmpdir(), 'floe-land-'));
  return { path: join(dir, 'catalog.db'), warehouse: join(dir, 'warehouse') };
}

export function jobSpec(catalog: { path: string; warehouse: string }, spec: Partial<LandJobSpec> & Pick<LandJobSpec, 'name' | 'topic' | 'table'>): LandJobSpec {
  return { profileId: 'local-lab', catalog: { kind: 'sqlite', path: catalog.path, warehouse: catalog.warehouse, create: true }, commit: { intervalMs: 1000 }, ...spec };
}

/** Polls a job's status until `done` holds (or the job stops by itself); throws with the last status on timeout. */
export async function waitFor(core: Core, job: string, done: (s: LandStatus) => boolean, timeoutMs = 90_000): Promise<LandStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: LandJobView | null = null;
  while (Date.now() < deadline) {
    last = await core.client.call('land.get', { job });
    if (last.status && (done(last.status) || (!last.running && last.status.state !== 'running'))) return last.status;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`landing job ${job} did not get there in ${timeoutMs} ms: ${JSON.stringify(last?.status)}`);
}

/** The table's current rows as pyiceberg reads them (normalised like writer_oracle.py), with its snapshot summaries. */
export function icebergRows(
  catalogPath: string,
  table: string,
): { rows: Record<string, unknown>[]; snapshots: number; snapshotId: string | null; metadata: string; summaries: Record<string, string>[] } {
  python ??= execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return JSON.parse(execFileSync(python, [join(root, 'test/fixtures/lake/table_rows.py'), catalogPath, table], { encoding: 'utf8', maxBuffer: 512 << 20 }));
}

/** The ids in a table landed from schemaless JSON (which lands whole, as one `value` column of JSON text), sorted. */
export const jsonIds = (catalog: { path: string }, table: string): number[] =>
  icebergRows(catalog.path, table)
    .rows.map((r) => (JSON.parse(String(r.value)) as { id: number }).id)
    .sort((a, b) => a - b);

/** The integers from `from` up to `to` (exclusive). */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

export const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.id) - Number(b.id);

/** Another writer: pyiceberg appends `rows` to the table and commits. */
export function pyicebergAppend(catalogPath: string, table: string, rows: Record<string, unknown>[]): void {
  python ??= execFileSync('bash', [join(root, 'scripts/python-oracles.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  execFileSync(python, [join(root, 'test/fixtures/lake/append_rows.py'), catalogPath, table], { input: JSON.stringify(rows), encoding: 'utf8' });
}

let duckPython: string | undefined;

/** A snapshot's rows as DuckDB's iceberg extension reads them from the metadata file (normalised like icebergRows). */
export function duckdbRows(metadata: string, snapshotId: string): Record<string, unknown>[] {
  duckPython ??= execFileSync('bash', [join(root, 'scripts/python-duckdb.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const out = execFileSync(duckPython, [join(root, 'test/fixtures/lake/writer_oracle.py'), 'duckdb', metadata.replace(/^file:\/\//, ''), snapshotId], { encoding: 'utf8', maxBuffer: 512 << 20 });
  return (JSON.parse(out) as { rows: Record<string, unknown>[] }).rows;
}
