import { readFileSync, statfsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { FloeError } from '../../../shared/errors';

/** What one DuckDB instance of Floe's SQL may take: memory, then disk to spill to (in its temp folder inside Floe's folder). */
export interface SqlLimits {
  memoryLimitBytes: number;
  maxTempDirectorySizeBytes: number;
}

const KIB = 1024;
const MIB = KIB ** 2;
const GIB = KIB ** 3;
const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, tb: 1000 ** 4, kib: KIB, mib: MIB, gib: GIB, tib: GIB * KIB };

/** `4GB`, `512 MiB`, `1.5gb`, `2147483648` → bytes; null when the text is not a size. */
export function parseSize(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text > 0 ? Math.floor(text) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 ? bytes : null;
}

/** The DuckDB settings that apply the limits (memory_limit, max_temp_directory_size), as instance options. */
export function duckdbLimitOptions(limits: SqlLimits): Record<string, string> {
  const kib = (bytes: number) => `${Math.max(0, Math.floor(bytes / KIB))}KiB`;
  return { memory_limit: kib(limits.memoryLimitBytes), max_temp_directory_size: kib(limits.maxTempDirectorySizeBytes) };
}

export function formatSize(bytes: number): string {
  if (bytes >= GIB) return `${+(bytes / GIB).toFixed(1)} GiB`;
  return `${Math.round(bytes / MIB)} MiB`;
}

/**
 * Laptop defaults: a quarter of the RAM for memory, between 256 MiB and 4 GiB; spill up to 8 GiB, or half the disk's
 * free space where that is less (at least 256 MiB).
 */
export function defaultSqlLimits(ramBytes: number, freeDiskBytes: number | null): SqlLimits {
  const memoryLimitBytes = Math.min(4 * GIB, Math.max(256 * MIB, Math.floor(ramBytes / 4)));
  const maxTempDirectorySizeBytes = Math.max(256 * MIB, Math.min(8 * GIB, freeDiskBytes === null ? 8 * GIB : Math.floor(freeDiskBytes / 2)));
  return { memoryLimitBytes, maxTempDirectorySizeBytes };
}

const MIN_MEMORY = 64 * MIB;

function sizeSetting(value: unknown, name: string, source: string, min: number): number {
  const bytes = typeof value === 'string' || typeof value === 'number' ? parseSize(value) : null;
  if (bytes === null) throw new FloeError('BAD_INPUT', `${name} in ${source} is "${String(value)}", not a size such as 2GB or 512MiB`);
  if (bytes < min) throw new FloeError('BAD_INPUT', `${name} in ${source} is ${formatSize(bytes)}; give at least ${formatSize(min)}`);
  return bytes;
}

/** Free bytes on the disk holding `dir`, or null when it cannot be told (the folder does not exist yet). */
function freeBytes(dir: string): number | null {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The SQL limits of a Floe data folder: the defaults, overridden by `settings.json` there
 * (`{"sql": {"memoryLimit": "2GB", "maxTempDirectorySize": "10GB"}}`), overridden by the environment
 * (`FLOE_SQL_MEMORY_LIMIT`, `FLOE_SQL_MAX_TEMP_SIZE`). A value that is not a size is refused, naming where it came from.
 */
export function sqlLimitsOf(dataDir: string, env: NodeJS.ProcessEnv = process.env): SqlLimits {
  const limits = defaultSqlLimits(totalmem(), freeBytes(dataDir));
  const file = join(dataDir, 'settings.json');
  const text = readOptional(file);
  if (text !== null) {
    let sql: unknown;
    try {
      sql = (JSON.parse(text) as { sql?: unknown }).sql;
    } catch (e) {
      throw new FloeError('BAD_INPUT', `${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (sql !== undefined && (typeof sql !== 'object' || sql === null)) throw new FloeError('BAD_INPUT', `"sql" in ${file} must be an object`);
    const s = (sql ?? {}) as Record<string, unknown>;
    if (s.memoryLimit !== undefined) limits.memoryLimitBytes = sizeSetting(s.memoryLimit, 'sql.memoryLimit', file, MIN_MEMORY);
    if (s.maxTempDirectorySize !== undefined) limits.maxTempDirectorySizeBytes = sizeSetting(s.maxTempDirectorySize, 'sql.maxTempDirectorySize', file, 0);
  }
  if (env.FLOE_SQL_MEMORY_LIMIT) limits.memoryLimitBytes = sizeSetting(env.FLOE_SQL_MEMORY_LIMIT, 'FLOE_SQL_MEMORY_LIMIT', 'the environment', MIN_MEMORY);
  if (env.FLOE_SQL_MAX_TEMP_SIZE) limits.maxTempDirectorySizeBytes = sizeSetting(env.FLOE_SQL_MAX_TEMP_SIZE, 'FLOE_SQL_MAX_TEMP_SIZE', 'the environment', 0);
  return limits;
}
