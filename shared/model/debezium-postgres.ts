import { z } from 'zod';

export const DEBEZIUM_POSTGRES_CLASS = 'io.debezium.connector.postgresql.PostgresConnector';

const identifier = z.string().trim().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter (PostgreSQL identifier, 63 at most)');

/**
 * The settings a Debezium PostgreSQL source needs, as a form fills them. The password is either typed
 * (then it sits in the worker's config topic) or a config-provider reference such as
 * `${file:/path/secrets.properties:key}` that the worker resolves itself.
 */
export const DebeziumPostgresForm = z.object({
  name: z.string().trim().min(1, 'connector name is required'),
  hostname: z.string().trim().min(1, 'database host is required'),
  port: z.number().int().min(1).max(65535),
  database: z.string().trim().min(1, 'database name is required'),
  user: z.string().trim().min(1, 'user is required'),
  password: z.string().min(1, 'password (or a ${provider:…} reference) is required'),
  topicPrefix: z.string().trim().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ., _ and - (it starts every topic name)'),
  /** schema.table, separated by commas; empty captures every table the publication holds. */
  tables: z.string().trim(),
  slotName: identifier,
  publicationName: identifier,
  /** disabled: the publication exists already (the lab's CDC user may not create one); filtered: made for `tables`. */
  publicationAutocreate: z.enum(['disabled', 'filtered', 'all_tables']),
  snapshotMode: z.enum(['initial', 'no_data', 'initial_only', 'always', 'when_needed']),
  /** JSON with embedded schemas (`schemas.enable`) or plain JSON. */
  jsonSchemas: z.boolean(),
  /**
   * Rows instead of change events (Debezium's ExtractNewRecordState): the row after each change with
   * `__op` and `__source_ts_ms`, a delete as its last row with `__deleted=true`; for sinks that only append.
   */
  flatten: z.boolean(),
  topicPartitions: z.number().int().min(1).max(1000),
  topicReplicationFactor: z.number().int().min(-1).max(32),
});
export type DebeziumPostgresForm = z.infer<typeof DebeziumPostgresForm>;

export function defaultDebeziumForm(): DebeziumPostgresForm {
  return {
    name: '',
    hostname: '',
    port: 5432,
    database: '',
    user: '',
    password: '',
    topicPrefix: '',
    tables: '',
    slotName: 'debezium',
    publicationName: 'dbz_publication',
    publicationAutocreate: 'filtered',
    snapshotMode: 'initial',
    jsonSchemas: false,
    flatten: false,
    topicPartitions: 1,
    topicReplicationFactor: -1,
  };
}

/** The connector config a form stands for (pgoutput, decimals as strings, tombstones on delete, JSON converters). */
export function debeziumPostgresConfig(f: DebeziumPostgresForm): Record<string, string> {
  const json = String(f.jsonSchemas);
  return {
    'connector.class': DEBEZIUM_POSTGRES_CLASS,
    'tasks.max': '1',
    'plugin.name': 'pgoutput',
    'database.hostname': f.hostname.trim(),
    'database.port': String(f.port),
    'database.user': f.user.trim(),
    'database.password': f.password,
    'database.dbname': f.database.trim(),
    'topic.prefix': f.topicPrefix.trim(),
    ...(f.tables.trim() ? { 'table.include.list': splitTables(f.tables).join(',') } : {}),
    'slot.name': f.slotName,
    'publication.name': f.publicationName,
    'publication.autocreate.mode': f.publicationAutocreate,
    'snapshot.mode': f.snapshotMode,
    'tombstones.on.delete': 'true',
    'decimal.handling.mode': 'string',
    'topic.creation.default.partitions': String(f.topicPartitions),
    'topic.creation.default.replication.factor': String(f.topicReplicationFactor),
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': json,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': json,
    ...(f.flatten ? FLATTEN : {}),
  };
}

const FLATTEN = {
  transforms: 'unwrap',
  'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
  'transforms.unwrap.delete.tombstone.handling.mode': 'rewrite',
  'transforms.unwrap.add.fields': 'op,source.ts_ms',
};

/** Which form field edits a Debezium config key (so the plugin's errors show beside it). */
export const DEBEZIUM_FIELD_OF: Record<string, keyof DebeziumPostgresForm> = {
  'database.hostname': 'hostname',
  'database.port': 'port',
  'database.user': 'user',
  'database.password': 'password',
  'database.dbname': 'database',
  'topic.prefix': 'topicPrefix',
  'table.include.list': 'tables',
  'slot.name': 'slotName',
  'publication.name': 'publicationName',
  'publication.autocreate.mode': 'publicationAutocreate',
  'snapshot.mode': 'snapshotMode',
  'topic.creation.default.partitions': 'topicPartitions',
  'topic.creation.default.replication.factor': 'topicReplicationFactor',
};

export function splitTables(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (t.includes('.') ? t : `public.${t}`));
}
