import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSize, sqlLimitsOf } from '../../../electron/core/engine/sql-limits';
import { LakeService } from '../../../electron/core/lake/lake-service';
import { isFloeError } from '../../../shared/errors';
import { rowsOf } from '../../../electron/core/engine/arrow-rows';

const root = join(import.meta.dirname, '..', '..', '..');
const HEAVY = 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b';
const services: LakeService[] = [];

function service(settings?: object): { lake: LakeService; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'floe-sql-limits-'));
  if (settings) writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings));
  const lake = new LakeService(dataDir);
  services.push(lake);
  return { lake, dataDir };
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isFloeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

const settingsSql = "SELECT current_setting('memory_limit') AS m, current_setting('max_temp_directory_size') AS t, current_setting('temp_directory') AS d";

afterAll(async () => {
  for (const s of services) await s.close();
});

/** DuckDB's own way of printing a size: one decimal and a binary unit. */
function duckSize(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

describe('SQL limits: memory, spill space and time', () => {
  it('caps memory and spill space as settings.json says, spills inside Floe\'s folder, and names the limits when a query passes them', async () => {
    const { lake, dataDir } = service({ sql: { memoryLimit: '64MiB', maxTempDirectorySize: '16MiB' } });
    const [s] = rowsOf(await lake.sql(undefined, settingsSql, 10));
    expect(s).toMatchObject({ m: '64.0 MiB', t: '16.0 MiB' });
    expect(String(s?.d)).toMatch(new RegExp(`^${join(dataDir, 'lake', 'duckdb-tmp')}/${process.pid}-\\d+$`));

    const f = await failure(lake.sql(undefined, 'SELECT len(list(range)) FROM range(20000000)', 10));
    expect(f.code).toBe('BAD_INPUT');
    expect(f.message).toMatch(/^The query needs more than Floe's SQL limits allow \(memory 64 MiB, spilling to disk up to 16 MiB\): narrow it, or raise sql\.memoryLimit/);
    expect(rowsOf(await lake.sql(undefined, 'SELECT 42 AS answer', 10))).toEqual([{ answer: 42 }]);

    await lake.close();
    expect(readdirSync(join(dataDir, 'lake', 'duckdb-tmp'))).toEqual([]);
  });

  it('without settings the laptop defaults apply', async () => {
    const { lake, dataDir } = service();
    const want = sqlLimitsOf(dataDir);
    expect(want.memoryLimitBytes).toBeLessThanOrEqual(4 * 1024 ** 3);
    const [s] = rowsOf(await lake.sql(undefined, settingsSql, 10));
    expect(s).toMatchObject({ m: duckSize(Math.floor(want.memoryLimitBytes / 1024) * 1024), t: duckSize(Math.floor(want.maxTempDirectorySizeBytes / 1024) * 1024) });
    expect(formatSize(want.memoryLimitBytes)).toMatch(/iB$/);
  });

  it('a time limit stops a long query (and an export) with TIMEOUT naming the limit; the engine keeps serving', async () => {
    const { lake } = service();
    let started = performance.now();
    expect(await failure(lake.sql(undefined, HEAVY, 10, undefined, 1))).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^The query was stopped at its time limit of 1 s/),
    });
    expect(performance.now() - started).toBeLessThan(10_000);

    mkdirSync(lake.exportsDir, { recursive: true });
    const out = join(lake.exportsDir, 'slow.csv');
    started = performance.now();
    expect((await failure(lake.export(undefined, HEAVY, 'csv', out, undefined, 0.5))).code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(lake.exportsDir)).toEqual([]);

    expect(rowsOf(await lake.sql(undefined, 'SELECT 1 AS one', 10, undefined, 5))).toEqual([{ one: 1 }]);
  });

  it('floe sql --timeout SECONDS, and the memory limit from the environment', () => {
    const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-limits-')), FLOE_NO_KEYRING: '1' };
    const floe = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });

    const slow = floe(['sql', HEAVY, '--timeout', '1']);
    expect(slow.status).toBe(1);
    expect(slow.stderr).toMatch(/^floe: The query was stopped at its time limit of 1 s/);
    const bad = floe(['sql', 'SELECT 1', '--timeout', 'soon']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^floe: --timeout takes seconds \(more than 0, at most 86400\), not "soon"/);

    const fast = floe(['sql', "SELECT current_setting('memory_limit') AS m", '--timeout', '30', '--json'], { FLOE_SQL_MEMORY_LIMIT: '128MiB' });
    expect(fast.status, fast.stderr).toBe(0);
    expect(fast.stdout.trim()).toBe('{"m":"128.0 MiB"}');
    const wrong = floe(['sql', 'SELECT 1'], { FLOE_SQL_MEMORY_LIMIT: 'lots' });
    expect(wrong.stderr).toMatch(/FLOE_SQL_MEMORY_LIMIT in the environment is "lots", not a size/);
  });
});
