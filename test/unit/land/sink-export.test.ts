import { describe, expect, it } from 'vitest';
import { LandJobSpec, type LandJobSpec as Spec } from '../../../shared/model/land';
import { guaranteesOf, icebergSinkConfigOf, sinkPartitionBy } from '../../../electron/core/land/sink-export';

const spec = (over: Partial<Spec> = {}) =>
  LandJobSpec.parse({
    name: 'orders-job',
    profileId: 'local-lab',
    topic: 'orders',
    catalog: { kind: 'sqlite', path: '/data/catalog.db', warehouse: '/data/warehouse' },
    table: { namespace: ['db'], name: 'orders' },
    mode: 'append',
    ...over,
  });
const opts = { connectorName: 'orders-sink', mode: 'append' as const, catalogName: 'lab', tasks: 2, dlqReplicationFactor: 1 };

describe('a landing job as an Apache Iceberg sink config', () => {
  it('keeps topic, catalog, table, commit interval, partitioning and id columns', () => {
    const { config, notes } = icebergSinkConfigOf(spec({ partitionBy: ['day(ts)', 'bucket(16, id)', 'truncate(4, "name")', 'category'], keyFields: ['id'], commit: { intervalMs: 5000 } }), opts);
    expect(config).toMatchObject({
      'connector.class': 'org.apache.iceberg.connect.IcebergSinkConnector',
      'tasks.max': '2',
      topics: 'orders',
      'iceberg.tables': 'db.orders',
      'iceberg.catalog': 'lab',
      'iceberg.catalog.catalog-impl': 'org.apache.iceberg.jdbc.JdbcCatalog',
      'iceberg.catalog.uri': 'jdbc:sqlite:/data/catalog.db',
      'iceberg.catalog.warehouse': 'file:///data/warehouse',
      'iceberg.control.topic': 'orders-sink-control',
      'iceberg.control.commit.interval-ms': '5000',
      'iceberg.tables.default-partition-by': 'day(ts),bucket(id, 16),truncate(name, 4),category',
      'iceberg.tables.default-id-columns': 'id',
      'consumer.override.auto.offset.reset': 'earliest',
      'errors.tolerance': 'none',
    });
    expect(config['errors.deadletterqueue.topic.name']).toBeUndefined();
    expect(config['value.converter.schemas.enable']).toBe('true');
    expect(notes.join(' ')).toMatch(/schema envelope/);
  });

  it('maps the bad-record policy onto errors.* and the DLQ', () => {
    const dlq = icebergSinkConfigOf(spec({ badRecords: 'dead-letter' }), opts).config;
    expect(dlq).toMatchObject({
      'errors.tolerance': 'all',
      'errors.deadletterqueue.topic.name': 'orders.floe-dlq',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    expect(icebergSinkConfigOf(spec({ badRecords: 'dead-letter', deadLetterTopic: 'bad' }), opts).config['errors.deadletterqueue.topic.name']).toBe('bad');
    const skip = icebergSinkConfigOf(spec({ badRecords: 'skip' }), opts).config;
    expect(skip['errors.tolerance']).toBe('all');
    expect(skip['errors.deadletterqueue.topic.name']).toBeUndefined();
  });

  it('lands into another table when asked, and says so', () => {
    const { config, notes } = icebergSinkConfigOf(spec(), { ...opts, table: 'db.orders_sink' });
    expect(config['iceberg.tables']).toBe('db.orders_sink');
    expect(notes.some((n) => n.includes('db.orders_sink'))).toBe(true);
  });

  it('refuses by name what the sink would do differently', () => {
    expect(() => icebergSinkConfigOf(spec({ mode: 'upsert', keyFields: ['id'] }), { ...opts, mode: 'upsert' })).toThrow(/upsert mode, and the sink 1\.10\.1 only appends/);
    expect(() => icebergSinkConfigOf(spec({ mode: 'cdc' }), { ...opts, mode: 'cdc' })).toThrow(/cdc mode/);
    expect(() => icebergSinkConfigOf(spec({ metadataColumns: 'floe' }), opts)).toThrow(/Kafka metadata columns/);
    expect(() => icebergSinkConfigOf(spec({ start: { timestampMs: 1 } }), opts)).toThrow(/starts at a time/);
    expect(() => icebergSinkConfigOf(spec({ catalog: { kind: 'sqlite', path: '/c.db', warehouse: 's3://bucket/wh' } }), opts)).toThrow(/no local warehouse folder/);
    expect(() => icebergSinkConfigOf(spec({ catalog: { kind: 'sqlite', path: '/c.db' } }), opts)).toThrow(/no local warehouse folder/);
    expect(() => icebergSinkConfigOf(spec({ catalog: { kind: 'sqlite', path: '/c.db', warehouse: '/w', objectStore: { profileId: 'p' } } }), opts)).toThrow(/object store/);
    expect(() => icebergSinkConfigOf(spec({ catalog: { kind: 'rest', uri: 'http://catalog' } as never }), opts)).toThrow(/rest catalog/);
  });

  it('takes a file:// warehouse as it is', () => {
    expect(icebergSinkConfigOf(spec({ catalog: { kind: 'sqlite', path: '/c.db', warehouse: 'file:///w' } }), opts).config['iceberg.catalog.warehouse']).toBe('file:///w');
  });

  it('spells partition transforms the sink way', () => {
    expect(sinkPartitionBy(['bucket( 8 ,  id )', ' hour(ts) ', 'id'])).toEqual(['bucket(id, 8)', 'hour(ts)', 'id']);
  });

  it('compares guarantees with the job\'s own commit interval', () => {
    const rows = guaranteesOf(spec({ commit: { intervalMs: 2500 } }));
    expect(rows.map((r) => r.topic)).toEqual(['Exactly once', 'Zombie fencing / duplicate window', 'Commit interval', 'Updates and deletes', 'Bad records']);
    expect(rows.find((r) => r.topic === 'Commit interval')!.sink).toContain('2.5 s');
    expect(rows.find((r) => r.topic === 'Updates and deletes')!.floe).toMatch(/position deletes/);
    expect(rows.find((r) => r.topic === 'Updates and deletes')!.sink).toMatch(/equality deletes/);
  });
});
