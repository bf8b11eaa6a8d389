import { describe, expect, it } from 'vitest';
import { MASKED } from '../../../shared/model/connect';
import { debeziumPostgresConfig, defaultDebeziumForm, DebeziumPostgresForm, splitTables } from '../../../shared/model/debezium-postgres';
import { ProfileDraft } from '../../../shared/model/profile';
import { maskConfig, unmaskConfig } from '../../../electron/core/connect/config-mask';
import { findPlugin, summaryOf, validationOf } from '../../../electron/core/connect/connect-views';
import { applySecretInput } from '../../../electron/core/connections/secret-input';
import { pickCluster } from '../../../electron/core/connect/connect-clients';

describe('masking a connector config', () => {
  const config = {
    'connector.class': 'X',
    'database.password': 'pw',
    'database.user': 'dbz',
    'sasl.jaas.config': 'org.apache... password="x";',
    's3.access-key-id': 'AKIA',
    's3.secret-access-key': 'shh',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'ssl.keystore.key': 'PEM',
    'transforms.t.api.key': 'k',
    'consumer.override.ssl.key.password': 'kp',
    'iceberg.catalog.token': 't',
    'by.reference.password': '${file:/a/secrets.properties:pw}',
    'custom.field': 'hidden by the plugin',
    'empty.password': '',
  };

  it('hides secrets by name and by the plugin’s PASSWORD fields; keeps references and empty values', () => {
    const { config: masked, maskedKeys } = maskConfig(config, new Set(['custom.field']));
    expect(maskedKeys.sort()).toEqual(['consumer.override.ssl.key.password', 'custom.field', 'database.password', 'iceberg.catalog.token', 's3.secret-access-key', 'sasl.jaas.config', 'ssl.keystore.key', 'transforms.t.api.key']);
    for (const k of maskedKeys) expect(masked[k]).toBe(MASKED);
    expect(masked).toMatchObject({ 'database.user': 'dbz', 's3.access-key-id': 'AKIA', 'key.converter': config['key.converter'], 'by.reference.password': config['by.reference.password'], 'empty.password': '' });
  });

  it('puts the stored values back for masked fields sent back unchanged, and takes new ones', () => {
    const { config: masked } = maskConfig(config, new Set());
    const edited = { ...masked, 'database.password': 'new', 'database.user': 'other' };
    const result = unmaskConfig(edited, config);
    expect(result['database.password']).toBe('new');
    expect(result['s3.secret-access-key']).toBe('shh');
    expect(result['database.user']).toBe('other');
    expect(unmaskConfig({ brand: MASKED }, {})).toEqual({ brand: MASKED });
  });
});

describe('what Floe makes of the worker’s answers', () => {
  it('finds a plugin by class, simple name, or alias without "Connector"', () => {
    const plugins = [{ class: 'org.apache.kafka.connect.file.FileStreamSinkConnector', type: 'sink' }, { class: 'io.debezium.connector.postgresql.PostgresConnector', type: 'source' }];
    expect(findPlugin(plugins, 'FileStreamSink')?.type).toBe('sink');
    expect(findPlugin(plugins, 'FileStreamSinkConnector')?.type).toBe('sink');
    expect(findPlugin(plugins, ' io.debezium.connector.postgresql.PostgresConnector ')?.type).toBe('source');
    expect(findPlugin(plugins, 'Postgres')?.type).toBe('source');
    expect(findPlugin(plugins, 'FileStream')).toBeUndefined();
  });

  it('orders validation fields by the plugin’s groups and masks secret values', () => {
    const def = (name: string, group: string | null, order: number, type = 'STRING') => ({ name, type, required: false, default_value: null, importance: 'HIGH', documentation: null, group, order_in_group: order, width: 'NONE', display_name: '', dependents: [] });
    const v = validationOf({
      name: 'P',
      error_count: 1,
      groups: ['Common', 'Error Handling'],
      configs: [
        { definition: def('file', null, -1), value: { name: 'file', value: '/x', recommended_values: [], errors: [], visible: true } },
        { definition: def('errors.tolerance', 'Error Handling', 1), value: { name: 'errors.tolerance', value: 'bogus', recommended_values: ['none', 'all'], errors: ['bad'], visible: true } },
        { definition: def('database.password', 'Common', 2, 'PASSWORD'), value: { name: 'database.password', value: '[hidden]', recommended_values: [], errors: [], visible: true } },
        { definition: def('name', 'Common', 1), value: { name: 'name', value: 'n', recommended_values: [], errors: [], visible: true } },
      ],
    });
    expect(v.fields.map((f) => f.name)).toEqual(['name', 'database.password', 'errors.tolerance', 'file']);
    expect(v.fields[1]!.value).toBe(MASKED);
    expect(v.fields[2]).toMatchObject({ displayName: 'errors.tolerance', recommended: ['none', 'all'], errors: ['bad'], documentation: '' });
  });

  it('takes a definition without a value (Debezium 3.6 reports internal keys so) as an empty, hidden field', () => {
    const definition = { name: 'internal.legacy.snapshot.max.threads', type: 'INT', required: false, default_value: '1', importance: 'LOW', documentation: null, group: null, width: 'NONE', display_name: '', dependents: [] };
    const v = validationOf({ name: 'P', error_count: 0, groups: [], configs: [{ definition, value: null }] });
    expect(v.fields).toEqual([expect.objectContaining({ name: definition.name, value: null, errors: [], recommended: [], visible: false })]);
  });

  it('summarises status and info without the config, DLQ topic included', () => {
    const s = summaryOf(
      'c',
      { name: 'c', connector: { state: 'RUNNING', worker_id: 'w:1' }, tasks: [{ id: 1, state: 'FAILED', worker_id: 'w:2', trace: 'boom' }, { id: 0, state: 'RUNNING', worker_id: 'w:1' }], type: 'sink' },
      { name: 'c', config: { 'connector.class': 'K', 'errors.deadletterqueue.topic.name': ' dlq ', password: 'x' }, tasks: [] },
      ['t'],
    );
    expect(s).toEqual({ name: 'c', type: 'sink', className: 'K', state: 'RUNNING', workerId: 'w:1', tasks: [{ id: 0, state: 'RUNNING', workerId: 'w:1' }, { id: 1, state: 'FAILED', workerId: 'w:2', trace: 'boom' }], topics: ['t'], dlqTopic: 'dlq' });
    expect(summaryOf('d', undefined, undefined, null)).toMatchObject({ type: 'unknown', state: 'UNKNOWN', dlqTopic: null, topics: null });
  });
});

describe('Connect clusters in a profile', () => {
  const base = { name: 'p', kafka: { bootstrap: ['a:1'], security: { protocol: 'PLAINTEXT' as const } } };
  const cluster = { id: 'c1', name: 'Main', urls: ['http://w1:8083', 'https://w2:8083'] };

  it('validates URLs and refuses two clusters of one name', () => {
    expect(ProfileDraft.safeParse({ ...base, connect: [cluster] }).success).toBe(true);
    const bad = ProfileDraft.safeParse({ ...base, connect: [{ ...cluster, urls: ['w1:8083'] }] });
    expect(bad.error?.issues[0]).toMatchObject({ path: ['connect', 0, 'urls', 0], message: 'expected an http(s) URL, e.g. http://localhost:8083' });
    expect(ProfileDraft.safeParse({ ...base, connect: [{ ...cluster, urls: [] }] }).error?.issues[0]?.message).toBe('at least one worker URL is required');
    const twice = ProfileDraft.safeParse({ ...base, connect: [cluster, { ...cluster, id: 'c2', name: 'main' }] });
    expect(twice.error?.issues[0]).toMatchObject({ path: ['connect', 1, 'name'], message: 'another Connect cluster is named "main"' });
  });

  it('picks a cluster by id or name, the first by default', () => {
    const clusters = ProfileDraft.parse({ ...base, connect: [cluster, { ...cluster, id: 'c2', name: 'Other' }] }).connect!;
    expect(pickCluster(clusters, 'p').id).toBe('c1');
    expect(pickCluster(clusters, 'p', 'other').id).toBe('c2');
    expect(pickCluster(clusters, 'p', 'c2').id).toBe('c2');
    expect(() => pickCluster([], 'p')).toThrow('Profile "p" has no Kafka Connect cluster');
  });

  it('applies write-only cluster secrets, keeps untouched ones, drops those of removed clusters', () => {
    const stored = { kafkaPassword: 'k', connect: { c1: { password: 'a', clientKeyPem: 'KEY' }, gone: { password: 'x' } } };
    const next = applySecretInput(stored, { connect: { c1: { password: null }, c2: { password: 'b' } } }, ['c1', 'c2']);
    expect(next).toEqual({ kafkaPassword: 'k', connect: { c1: { clientKeyPem: 'KEY' }, c2: { password: 'b' } } });
    expect(applySecretInput(next, undefined, [])).toEqual({ kafkaPassword: 'k' });
    expect(applySecretInput(next, { kafkaPassword: '' })).toEqual({ connect: next.connect });
  });
});

describe('the Debezium PostgreSQL form', () => {
  it('makes the connector config with its required settings', () => {
    const form = DebeziumPostgresForm.parse({ ...defaultDebeziumForm(), name: 'pg', hostname: 'db', database: 'shop', user: 'dbz', password: '${file:/s:pw}', topicPrefix: 'shop', tables: 'orders, inventory.items', publicationAutocreate: 'disabled' });
    expect(debeziumPostgresConfig(form)).toMatchObject({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'plugin.name': 'pgoutput',
      'database.hostname': 'db',
      'database.port': '5432',
      'database.dbname': 'shop',
      'database.password': '${file:/s:pw}',
      'topic.prefix': 'shop',
      'table.include.list': 'public.orders,inventory.items',
      'slot.name': 'debezium',
      'publication.name': 'dbz_publication',
      'publication.autocreate.mode': 'disabled',
      'snapshot.mode': 'initial',
      'value.converter.schemas.enable': 'false',
    });
    expect(splitTables('')).toEqual([]);
    expect(debeziumPostgresConfig(form).transforms).toBeUndefined();
  });

  it('flattens change events to rows on request (ExtractNewRecordState, deletes rewritten and marked)', () => {
    const form = DebeziumPostgresForm.parse({ ...defaultDebeziumForm(), name: 'pg', hostname: 'db', database: 'shop', user: 'dbz', password: 'p', topicPrefix: 'shop', flatten: true });
    expect(debeziumPostgresConfig(form)).toMatchObject({
      transforms: 'unwrap',
      'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
      'transforms.unwrap.delete.tombstone.handling.mode': 'rewrite',
      'transforms.unwrap.add.fields': 'op,source.ts_ms',
    });
  });

  it('refuses what PostgreSQL or Kafka would refuse later', () => {
    const issues = DebeziumPostgresForm.safeParse({ ...defaultDebeziumForm(), name: 'x', hostname: 'h', database: 'd', user: 'u', password: 'p', topicPrefix: 'bad prefix', slotName: 'Slot-1' }).error!.issues;
    expect(issues.map((i) => i.path[0])).toEqual(['topicPrefix', 'slotName']);
  });
});
