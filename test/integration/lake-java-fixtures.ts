import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** One snapshot as Java Iceberg's IcebergGenerics scan returned it: every value as text (null stays null). */
export interface JavaOracleSnapshot {
  snapshotId: string;
  sequenceNumber: string;
  operation: string;
  columns: string[];
  rows: Record<string, string | null>[];
}

export interface JavaOracle {
  table: string;
  /** The table folder as Java wrote it (`file:/…`). */
  location: string;
  metadataLocation: string;
  formatVersion: number;
  snapshots: JavaOracleSnapshot[];
}

/**
 * Writes the Java Iceberg fixture table (position and equality deletes across two partitions, see
 * test/fixtures/lake/java/…/BuildDeletesTable.java) into a fresh folder; the writer is built once by
 * scripts/iceberg-java-fixtures.sh into the user's cache.
 */
export function buildJavaDeletesTable(): JavaOracle {
  const classpath = execFileSync('bash', [join(root, 'scripts/iceberg-java-fixtures.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'floe-lake-java-'));
  execFileSync('java', ['-cp', classpath, 'floe.fixtures.BuildDeletesTable', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(readFileSync(join(dir, 'oracle.json'), 'utf8')) as JavaOracle;
}

/** The oracle rows of a snapshot as canonical JSON strings, sorted (a multiset). */
export function javaOracleRows(s: JavaOracleSnapshot): string[] {
  return s.rows.map((r) => JSON.stringify(Object.fromEntries(s.columns.map((c) => [c, r[c] ?? null])))).sort();
}
