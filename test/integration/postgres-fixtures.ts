// The lab's PostgreSQL, for tests: SQL as the admin (over the cluster's socket), tables ready for
// Debezium (replica identity, publication), the Debezium connector's settings, and clean-up.
import { setTimeout as sleep } from 'node:timers/promises';
import { labPsql, type LabInfo } from '../../electron/lab';
import type { CdcLab } from './connect-fixtures';

export type PgInfo = NonNullable<LabInfo['postgres']>;

/** Runs SQL as the admin in the lab database (or `database`); returns psql's unaligned output. */
export function psql(pg: PgInfo, sql: string, database?: string): Promise<string> {
  return labPsql(pg, sql, { database });
}

/** The rows of a query as JSON objects (PostgreSQL's own json_agg: numerics and timestamps as it prints them). */
export async function pgRows<T = Record<string, unknown>>(pg: PgInfo, query: string, database?: string): Promise<T[]> {
  const out = await psql(pg, `SELECT coalesce(json_agg(q), '[]'::json) FROM (${query}) q;`, database);
  return JSON.parse(out.trim()) as T[];
}

export interface CdcTable {
  /** Unqualified, in schema public. */
  table: string;
  publication: string;
  slot: string;
}

/** Creates a table (`columns` is the column list SQL) with REPLICA IDENTITY FULL (full `before` on u/d) and its own publication. */
export async function createCdcTable(pg: PgInfo, t: CdcTable, columns: string): Promise<void> {
  await psql(pg, `CREATE TABLE public.${t.table} (${columns});\nALTER TABLE public.${t.table} REPLICA IDENTITY FULL;\nCREATE PUBLICATION ${t.publication} FOR TABLE public.${t.table};`);
}

/** Drops the slot (once its connector's WAL sender has let go of it), the publication and the table. */
export async function dropCdcTable(pg: PgInfo, t: CdcTable): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [slot] = await pgRows<{ active: boolean }>(pg, `SELECT active FROM pg_replication_slots WHERE slot_name = '${t.slot}'`);
    if (!slot) break;
    if (!slot.active) {
      await psql(pg, `SELECT pg_drop_replication_slot('${t.slot}');`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`replication slot ${t.slot} is still in use after 30 s`);
    await sleep(250);
  }
  await psql(pg, `DROP PUBLICATION IF EXISTS ${t.publication};\nDROP TABLE IF EXISTS public.${t.table};`);
}

/**
 * Debezium PostgreSQL settings for one table (pgoutput, a hand-made publication, the lab's CDC user
 * with its password as a worker-resolved reference). JSON without embedded schemas unless overridden.
 */
export function debeziumPostgresConfig(lab: CdcLab, t: CdcTable & { topicPrefix: string }, overrides: Record<string, string> = {}): Record<string, string> {
  const pg = lab.postgres;
  return {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'tasks.max': '1',
    'plugin.name': 'pgoutput',
    'database.hostname': pg.host,
    'database.port': String(pg.port),
    'database.user': pg.user,
    'database.password': lab.connect.secretRefs.postgresPassword,
    'database.dbname': pg.database,
    'topic.prefix': t.topicPrefix,
    'table.include.list': `public.${t.table}`,
    'slot.name': t.slot,
    'publication.name': t.publication,
    'publication.autocreate.mode': 'disabled',
    'snapshot.mode': 'initial',
    'tombstones.on.delete': 'true',
    'decimal.handling.mode': 'string',
    'topic.creation.default.replication.factor': '1',
    'topic.creation.default.partitions': '1',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    ...overrides,
  };
}
