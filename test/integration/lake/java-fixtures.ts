import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

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

export interface JavaFixtures {
  /** db.deletes: partitioned, position and equality deletes, ids deleted and written again (PartitionedScenario.java). */
  deletes: JavaOracle;
  /** db.keyed: unpartitioned (global) equality deletes on several column sets, nulls in keys (UnpartitionedScenario.java). */
  keyed: JavaOracle;
  /** db.nested: fields inside structs, lists and maps renamed, moved, promoted, added and dropped (NestedScenario.java). */
  nested: JavaOracle;
}

/**
 * Writes the Java Iceberg fixture tables (test/fixtures/lake/java) into a fresh folder; the writer is built once
 * by scripts/iceberg-java-fixtures.sh into the user's cache.
 */
export function buildJavaFixtures(): JavaFixtures {
  const classpath = execFileSync('bash', [join(root, 'scripts/iceberg-java-fixtures.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'floe-lake-java-'));
  execFileSync('java', ['-cp', classpath, 'floe.fixtures.BuildDeletesTable', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as JavaOracle;
  return { deletes: read('oracle.json'), keyed: read('oracle-keyed.json'), nested: read('oracle-nested.json') };
}

/** The oracle rows of a snapshot as canonical JSON strings, sorted (a multiset). */
export function javaOracleRows(s: JavaOracleSnapshot): string[] {
  return s.rows.map((r) => JSON.stringify(Object.fromEntries(s.columns.map((c) => [c, r[c] ?? null])))).sort();
}

/** A table of the hostile fixture set; `path` is the file its manifests name outside its folder (null for an honest table). */
export interface HostileTable {
  name: string;
  attack: string | null;
  path: string | null;
  location: string;
  metadataLocation: string;
}

/** Writes the tables whose metadata attacks the SQL sandbox (BuildHostileTables.java) into a fresh folder. */
export function buildHostileFixtures(): { dir: string; tables: HostileTable[] } {
  const classpath = execFileSync('bash', [join(root, 'scripts/iceberg-java-fixtures.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'floe-lake-hostile-'));
  execFileSync('java', ['-cp', classpath, 'floe.fixtures.BuildHostileTables', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { dir, tables: (JSON.parse(readFileSync(join(dir, 'hostile.json'), 'utf8')) as { tables: HostileTable[] }).tables };
}
