import { FloeError } from '../../../shared/errors';
import type { LandJobSpecParsed, LandMode } from '../../../shared/model/land';
import type { GuaranteeRow } from '../../../shared/model/land-export';

export const ICEBERG_SINK_CLASS = 'org.apache.iceberg.connect.IcebergSinkConnector';
export const ICEBERG_SINK_VERSION = '1.10.1';

export interface SinkExportOptions {
  connectorName: string;
  /** The job's mode as resolved (a job without a mode takes it from its topic). */
  mode: LandMode;
  /** The SQL catalog's catalog_name (the sink's `iceberg.catalog`). */
  catalogName: string;
  /** `namespace.table`; default the job's. */
  table?: string;
  tasks: number;
  dlqReplicationFactor: number;
}

/**
 * Floe's partition expressions in the sink's spelling: the sink reads `bucket(col, N)` and `truncate(col, N)`
 * (column first, Iceberg's Java builder order), Floe `bucket(N, col)`; time transforms and columns are the same.
 */
export function sinkPartitionBy(exprs: string[]): string[] {
  return exprs.map((text) => {
    const m = /^\s*(\w+)\s*\(\s*(\d+)\s*,\s*([^)]+?)\s*\)\s*$/.exec(text);
    if (m) return `${m[1]!.toLowerCase()}(${m[3]!.replace(/^"|"$/g, '')}, ${m[2]})`;
    return text.trim().replace(/\s+/g, '');
  });
}

/**
 * A landing job as an Apache Iceberg Kafka Connect sink (1.10.1) config: same topic, SQL catalog (as the sink's
 * JDBC catalog on SQLite), table, partitioning, commit interval and bad-record policy. What the sink cannot do
 * the same way is refused by name rather than deployed different.
 */
export function icebergSinkConfigOf(spec: LandJobSpecParsed, o: SinkExportOptions): { config: Record<string, string>; notes: string[] } {
  const refuse = (why: string): never => {
    throw new FloeError('BAD_INPUT', `Landing job "${spec.name}" cannot run as the Apache Iceberg sink ${ICEBERG_SINK_VERSION}: ${why}`);
  };
  const { catalog } = spec;
  if (catalog.kind !== 'sqlite') return refuse(`its catalog is a ${catalog.kind} catalog; export supports the SQL catalog on SQLite (the sink's JDBC catalog)`);
  if (catalog.objectStore) refuse('its warehouse is on an object store; export supports a local warehouse folder (the sink would need S3FileIO settings and keys)');
  const folder = catalog.warehouse && !/^[a-z][a-z0-9+.-]*:\/\//i.test(catalog.warehouse) ? catalog.warehouse : catalog.warehouse?.startsWith('file://') ? catalog.warehouse.slice(7) : refuse('its catalog has no local warehouse folder');
  if (o.mode !== 'append')
    refuse(`it lands in ${o.mode} mode, and the sink ${ICEBERG_SINK_VERSION} only appends (it has no upsert or CDC mode; id columns only mark the table's identifier fields)`);
  if (spec.metadataColumns !== 'none') refuse('it adds Kafka metadata columns, which the sink does not write');
  const start = typeof spec.start === 'object' ? refuse('it starts at a time; the sink starts at the earliest or latest offset of its consumer group') : spec.start;
  const notes: string[] = [];
  const config: Record<string, string> = {
    'connector.class': ICEBERG_SINK_CLASS,
    'tasks.max': String(o.tasks),
    topics: spec.topic,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'true',
    'consumer.override.auto.offset.reset': start,
    'iceberg.tables': o.table ?? [...spec.table.namespace, spec.table.name].join('.'),
    'iceberg.tables.auto-create-enabled': 'true',
    'iceberg.tables.evolve-schema-enabled': 'true',
    'iceberg.control.topic': `${o.connectorName}-control`,
    'iceberg.control.commit.interval-ms': String(spec.commit.intervalMs),
    'iceberg.catalog': o.catalogName,
    'iceberg.catalog.catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
    'iceberg.catalog.uri': `jdbc:sqlite:${catalog.path}`,
    'iceberg.catalog.warehouse': `file://${folder}`,
    'iceberg.catalog.jdbc.schema-version': 'V1',
  };
  if (spec.partitionBy.length > 0) config['iceberg.tables.default-partition-by'] = sinkPartitionBy(spec.partitionBy).join(',');
  if (spec.keyFields?.length) config['iceberg.tables.default-id-columns'] = spec.keyFields.join(',');
  if (spec.badRecords === 'suspend') config['errors.tolerance'] = 'none';
  else {
    config['errors.tolerance'] = 'all';
    config['errors.log.enable'] = 'true';
  }
  if (spec.badRecords === 'dead-letter') {
    config['errors.deadletterqueue.topic.name'] = spec.deadLetterTopic ?? `${spec.topic}.floe-dlq`;
    config['errors.deadletterqueue.topic.replication.factor'] = String(o.dlqReplicationFactor);
    config['errors.deadletterqueue.context.headers.enable'] = 'true';
  }
  notes.push('Values are read as Kafka Connect JSON with its schema envelope (JsonConverter, schemas.enable=true), the JSON shape Floe lands as columns too; a topic of Avro or Protobuf records needs a converter for them on the worker.');
  if (spec.commit.maxBytes) notes.push('The sink commits by time only: the job\'s commit size limit has no counterpart.');
  if (o.table) notes.push(`The sink lands into ${o.table}, not the job's table: one table, one writer.`);
  return { config, notes };
}

/** What Floe's own job and the sink guarantee, side by side, for the job's settings. */
export function guaranteesOf(spec: LandJobSpecParsed): GuaranteeRow[] {
  const seconds = `${spec.commit.intervalMs / 1000} s`;
  return [
    {
      topic: 'Exactly once',
      floe: 'Each commit records the consumed offsets per partition in the snapshot summary; a restart resumes from the table, so no record lands twice or is skipped.',
      sink: "A coordinator commits every worker's files with the offsets of the control topic's round (kafka.connect.offsets.* in the snapshot summary); the sink's own group offsets are moved after the table commit.",
    },
    {
      topic: 'Zombie fencing / duplicate window',
      floe: 'One writer per table in one process; a commit in an unknown state is checked against the snapshot history before retrying.',
      sink: 'Task restarts and rebalances rely on the coordinator ignoring files from stale rounds; the sink has had duplicates after task restarts (its issue history), so a restart may land a round twice until such bugs are fixed.',
    },
    {
      topic: 'Commit interval',
      floe: `A commit every ${seconds} (or sooner at the size limit); the offsets land in the same snapshot.`,
      sink: `A commit every ${seconds} (iceberg.control.commit.interval-ms) when every task answered within the commit timeout; otherwise the round waits for the timeout and commits what it has.`,
    },
    {
      topic: 'Updates and deletes',
      floe: 'Upsert and CDC write position deletes (a key index): every reader, pyiceberg included, applies them.',
      sink: `Appends only in ${ICEBERG_SINK_VERSION} (no upsert or CDC mode; the earlier Tabular sink's upsert wrote equality deletes, which some readers such as pyiceberg cannot apply).`,
    },
    {
      topic: 'Bad records',
      floe: 'Suspend, skip or dead-letter any record Floe cannot decode or map; the DLQ record keeps the original bytes and the reason.',
      sink: "errors.tolerance and errors.deadletterqueue.* cover the converter and transform stages only; a record the sink cannot write fails the task (it has no errant-record reporter).",
    },
  ];
}
