import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFloeError } from '../../../shared/errors';
import { parseLocation } from '../../../electron/core/lake/io/object-store';
import { insideDir, insideS3Root, s3Root } from '../../../electron/core/lake/io/table-location';
import { defaultSqlLimits, duckdbLimitOptions, parseSize, sqlLimitsOf } from '../../../electron/core/engine/sql-limits';
import { withTimeLimit } from '../../../electron/core/engine/time-limit';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

function s3(uri: string) {
  const loc = parseLocation(uri);
  if (loc.scheme !== 's3') throw new Error(`${uri} is not s3`);
  return s3Root(loc);
}

describe('a table file must lie inside its table location', () => {
  it('local folders: below the folder, never the folder itself or a sibling sharing its name prefix', () => {
    expect(insideDir('/data/t', '/data/t/data/a.parquet')).toBe(true);
    expect(insideDir('/data/t/', '/data/t/a.parquet')).toBe(true);
    expect(insideDir('/data/t', '/data/t-evil/a.parquet')).toBe(false);
    expect(insideDir('/data/t', '/data/tevil/a.parquet')).toBe(false);
    expect(insideDir('/data/t', '/data/t')).toBe(false);
    expect(insideDir('/data/t', '/etc/passwd')).toBe(false);
    expect(insideDir('/', '/etc/passwd')).toBe(true); // a location of "/" holds everything: the Parquet check is what stops that
  });

  it('s3: same bucket (s3, s3a, s3n alike), key below the prefix, no . or .. segments', () => {
    const root = s3('s3://lake/wh/db/t');
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t/data/a.parquet'))).toBe(true);
    expect(insideS3Root(root, parseLocation('s3a://lake/wh/db/t/data/a.parquet'))).toBe(true);
    expect(insideS3Root(s3('s3://lake/wh/db/t/'), parseLocation('s3://lake/wh/db/t/a.parquet'))).toBe(true);
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t-evil/a.parquet'))).toBe(false);
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t'))).toBe(false);
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t/'))).toBe(false);
    expect(insideS3Root(root, parseLocation('s3://other/wh/db/t/a.parquet'))).toBe(false);
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t/data/../../u/a.parquet'))).toBe(false);
    expect(insideS3Root(root, parseLocation('s3://lake/wh/db/t/./a.parquet'))).toBe(false);
    expect(insideS3Root(root, parseLocation('/etc/passwd'))).toBe(false);
    expect(insideS3Root(root, parseLocation('file:///lake/wh/db/t/a.parquet'))).toBe(false);
    expect(insideS3Root(s3('s3://lake'), parseLocation('s3://lake/any/key.parquet'))).toBe(true);
  });

  it('file: URIs are %-decoded (so an encoded .. is seen as ..), and a bad escape is refused with a message', () => {
    expect(parseLocation('file:/data/t/%2E%2E/u')).toEqual({ scheme: 'file', path: '/data/t/../u' });
    expect(parseLocation('file:///data/a%20b')).toEqual({ scheme: 'file', path: '/data/a b' });
    let error: unknown;
    try {
      parseLocation('file:/data/%zz');
    } catch (e) {
      error = e;
    }
    expect(isFloeError(error, 'BAD_INPUT') && error.message).toMatch(/file:\/data\/%zz" is not a valid file: URI/);
  });
});

describe('SQL limits', () => {
  it('reads sizes in decimal and binary units', () => {
    expect(parseSize('2GB')).toBe(2_000_000_000);
    expect(parseSize('512 MiB')).toBe(512 * MIB);
    expect(parseSize('1.5gib')).toBe(1.5 * GIB);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize(1234)).toBe(1234);
    for (const bad of ['', 'lots', '-1GB', '0', '2 GB extra', '1e9']) expect(parseSize(bad), bad).toBeNull();
  });

  it('defaults suit a laptop: a quarter of RAM between 256 MiB and 4 GiB; spill up to 8 GiB or half the free disk', () => {
    expect(defaultSqlLimits(16 * GIB, 100 * GIB)).toEqual({ memoryLimitBytes: 4 * GIB, maxTempDirectorySizeBytes: 8 * GIB });
    expect(defaultSqlLimits(8 * GIB, 10 * GIB)).toEqual({ memoryLimitBytes: 2 * GIB, maxTempDirectorySizeBytes: 5 * GIB });
    expect(defaultSqlLimits(512 * MIB, 100 * MIB)).toEqual({ memoryLimitBytes: 256 * MIB, maxTempDirectorySizeBytes: 256 * MIB });
    expect(defaultSqlLimits(64 * GIB, null).maxTempDirectorySizeBytes).toBe(8 * GIB);
    expect(duckdbLimitOptions({ memoryLimitBytes: 2 * GIB, maxTempDirectorySizeBytes: 512 * MIB })).toEqual({ memory_limit: '2097152KiB', max_temp_directory_size: '524288KiB' });
  });

  it('settings.json overrides the defaults, the environment overrides both, and a bad value names its source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-sql-limits-'));
    const defaults = sqlLimitsOf(dir, {});
    expect(defaults.memoryLimitBytes).toBeGreaterThanOrEqual(256 * MIB);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ sql: { memoryLimit: '1GiB', maxTempDirectorySize: '3GiB' } }));
    expect(sqlLimitsOf(dir, {})).toEqual({ memoryLimitBytes: GIB, maxTempDirectorySizeBytes: 3 * GIB });
    expect(sqlLimitsOf(dir, { FLOE_SQL_MEMORY_LIMIT: '512MiB', FLOE_SQL_MAX_TEMP_SIZE: '1GiB' })).toEqual({ memoryLimitBytes: 512 * MIB, maxTempDirectorySizeBytes: GIB });

    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        sqlLimitsOf(dir, env);
      } catch (e) {
        return isFloeError(e, 'BAD_INPUT') ? e.message : `not a FloeError: ${String(e)}`;
      }
      return 'accepted';
    };
    expect(refused({ FLOE_SQL_MEMORY_LIMIT: 'plenty' })).toBe('FLOE_SQL_MEMORY_LIMIT in the environment is "plenty", not a size such as 2GB or 512MiB');
    expect(refused({ FLOE_SQL_MEMORY_LIMIT: '1MiB' })).toBe('FLOE_SQL_MEMORY_LIMIT in the environment is 1 MiB; give at least 64 MiB');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ sql: { memoryLimit: true } }));
    expect(refused({})).toMatch(/^sql\.memoryLimit in .*settings\.json is "true", not a size/);
    writeFileSync(join(dir, 'settings.json'), '{"sql": ');
    expect(refused({})).toMatch(/settings\.json is not valid JSON/);
  });
});

describe('query time limit', () => {
  it('a run the limit ends is TIMEOUT naming the limit; a caller cancel stays a cancel; no limit passes the signal through', async () => {
    const waitForAbort = (signal: AbortSignal | undefined) =>
      new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    const timedOut = await withTimeLimit(0.05, undefined, waitForAbort).catch((e: unknown) => e);
    expect(isFloeError(timedOut, 'TIMEOUT') && timedOut.message).toMatch(/^The query was stopped at its time limit of 0\.05 s/);

    const caller = new AbortController();
    setTimeout(() => caller.abort(), 10);
    const cancelled = await withTimeLimit(60, caller.signal, waitForAbort).catch((e: unknown) => e);
    expect((cancelled as Error).message).toBe('aborted');

    expect(await withTimeLimit(undefined, caller.signal, async (s) => s)).toBe(caller.signal);
    expect(await withTimeLimit(120, undefined, async () => 'done')).toBe('done');
    const minutes = await withTimeLimit(120, undefined, async () => Promise.reject(new Error('x'))).catch((e: unknown) => e);
    expect((minutes as Error).message).toBe('x');
  });
});
