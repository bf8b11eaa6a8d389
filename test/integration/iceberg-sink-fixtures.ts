// The Apache Iceberg Kafka Connect sink (1.10.1, on the lab's worker) writing through a JDBC catalog on
// SQLite in pyiceberg's SqlCatalog layout, so pyiceberg and Floe open what it writes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LakeService } from '../../electron/core/lake/lake-service';
import type { CatalogSpec, TableId } from '../../shared/model/lake';

export interface IcebergSinkTarget {
  /** A folder of its own: catalog.db and the warehouse go in it. */
  dir: string;
  /** `namespace.table`; namespace and table are created with the first record. */
  table: string;
  topics: string[];
  /** The sink's coordination topic (one per connector keeps tests apart). */
  controlTopic: string;
  commitIntervalMs?: number;
  /** The JDBC rows' catalog_name; pyiceberg's SqlCatalog must be opened with the same name. */
  catalogName?: string;
}

export const sinkCatalogDb = (t: IcebergSinkTarget) => join(t.dir, 'catalog.db');

/**
 * Schemaless JSON values (the sink infers the table schema), auto-created table, short commits. The
 * commit timeout is short too: a first commit request the task is not yet listening for is never
 * answered, and the coordinator only starts the next round after the timeout.
 */
export function icebergSinkConfig(t: IcebergSinkTarget, overrides: Record<string, string> = {}): Record<string, string> {
  mkdirSync(join(t.dir, 'warehouse'), { recursive: true });
  return {
    'connector.class': 'org.apache.iceberg.connect.IcebergSinkConnector',
    'tasks.max': '1',
    topics: t.topics.join(','),
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    'consumer.override.auto.offset.reset': 'earliest',
    'iceberg.tables': t.table,
    'iceberg.tables.auto-create-enabled': 'true',
    'iceberg.tables.evolve-schema-enabled': 'true',
    'iceberg.control.topic': t.controlTopic,
    'iceberg.control.commit.interval-ms': String(t.commitIntervalMs ?? 2000),
    'iceberg.control.commit.timeout-ms': '10000',
    'iceberg.catalog': t.catalogName ?? 'iceberg',
    'iceberg.catalog.catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
    'iceberg.catalog.uri': `jdbc:sqlite:${sinkCatalogDb(t)}`,
    'iceberg.catalog.warehouse': `file://${join(t.dir, 'warehouse')}`,
    'iceberg.catalog.jdbc.schema-version': 'V1',
    ...overrides,
  };
}

/** Floe's count of the current snapshot, or null while the sink has not created the table yet. */
async function landedRows(lake: LakeService, catalog: CatalogSpec, table: TableId): Promise<number | null> {
  const { tables } = await lake.tables(catalog).catch(() => ({ tables: [] as TableId[] }));
  if (!tables.some((t) => t.name === table.name)) return null;
  const snapshots = await lake.snapshots(catalog, table);
  return snapshots.length ? Number(snapshots.at(-1)?.summary['total-records'] ?? 0) : 0;
}

/** Polls until the sink's table holds `rows` (its first commit round may time out: allow for two); the last count seen. */
export async function waitForSinkRows(lake: LakeService, catalog: CatalogSpec, table: TableId, rows: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let landed: number | null = null;
  while (Date.now() < deadline && landed !== rows) {
    landed = await landedRows(lake, catalog, table);
    if (landed !== rows) await sleep(1000);
  }
  return landed;
}
