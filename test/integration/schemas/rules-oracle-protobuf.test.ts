import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Rule, SchemaReference } from '../../../shared/model/schemas';
import { PROTOBUF_MIGRATIONS } from '../../../electron/core/schemas/contracts/rule-runner';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';
import { MONEY, ORDER, orderProto } from '../../fixtures/schemas/shop-proto';
import { bothClients, disagreements, protoc, transformDisagreements } from './rules-oracle-clients';

const lab = inject('lab');
const profileId = 'local-lab';
const suffix = Date.now().toString(36);
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
let core: ReturnType<typeof startCore>;

const ORDERS = [
  { id: '1', amount: 12.5, status: 'paid', email: 'a@shop.com', total: { currency: 'EUR', cents: '1250' }, tags: ['new'], attrs: { channel: 'web' }, phone: '+1', state: 'PAID', lines: [{ sku: 'A', qty: 1 }], placedAt: '2026-11-30T10:00:00Z' },
  { id: '2', amount: -3.0, status: 'paid', email: 'b@shop.com', total: { currency: 'EUR', cents: '-300' }, tags: [], attrs: {}, fax: '+2', state: 'PAID', lines: [] },
  { id: '3', amount: 0.5, status: 'open', email: 'not-an-email', total: { currency: 'USD', cents: '50' }, tags: ['a', 'b'], attrs: { channel: 'shop' }, state: 'OPEN', lines: [{ sku: 'B', qty: 3 }, { sku: 'C', qty: 0 }] },
  { id: '4', amount: 7.25, status: 'paid', email: 'c@shop.org', total: { currency: 'EUR', cents: '725' }, tags: ['x'], attrs: { channel: 'web', gift: 'yes' }, phone: '+4', state: 'PAID', lines: [{ sku: 'D', qty: 2 }] },
  { id: '5', amount: 150.75, status: 'refunded', email: '', lines: [] },
];

const rule = (r: Partial<Rule> & { name: string; expr: string }): Rule => ({ kind: 'CONDITION', mode: 'WRITE', type: 'CEL', onFailure: 'DLQ', ...r });
const RULES: Rule[] = [
  rule({ name: 'positive', expr: 'message.amount > 0.0' }),
  rule({ name: 'paid-needs-10', expr: 'message.status == "paid" ; message.amount >= 10.0' }),
  rule({ name: 'nested-cents', expr: 'message.total.cents >= 0' }),
  rule({ name: 'has-total', expr: 'has(message.total)' }),
  rule({ name: 'enum-paid', expr: 'message.state == 2' }),
  rule({ name: 'tagged', expr: 'size(message.tags) > 0' }),
  rule({ name: 'map-channel', expr: '"channel" in message.attrs && message.attrs["channel"] == "web"' }),
  rule({ name: 'oneof-phone', expr: 'has(message.phone)' }),
  rule({ name: 'lines-positive', expr: 'message.lines.all(l, l.qty > 0)' }),
  rule({ name: 'email-has-at', type: 'CEL_FIELD', expr: 'name == "email" ; value.contains("@")' }),
  rule({ name: 'mask-email', type: 'CEL_FIELD', kind: 'TRANSFORM', expr: 'name == "email" ; "***"' }),
  rule({ name: 'read-positive', mode: 'READ', expr: 'message.amount > 0.0' }),
];

describe.skipIf(!lab.registry)('Protobuf data-contract rules: Floe (Confluent’s JavaScript client) against Confluent’s Python client', { timeout: 240_000 }, () => {
  let references: SchemaReference[];
  let descriptors: Record<string, string>;
  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
    const moneySubject = `rules-money-${suffix}`;
    const money = await core.client.call('schemas.register', { profileId, subject: moneySubject, draft: { schemaType: 'PROTOBUF', schema: MONEY } });
    references = [{ name: 'shop/money.proto', subject: moneySubject, version: money.version }];
    const compiled = protoc({ 'shop/money.proto': MONEY, 'shop/order.proto': ORDER });
    descriptors = { [MONEY]: compiled['shop/money.proto']!, [ORDER]: compiled['shop/order.proto']! };
  });
  afterAll(async () => {
    await admin.disconnect();
    await core?.close();
  });

  /** Registers `v1` (as .proto text) under the topic's subject and writes ORDERS with it, encoded by Google's protobuf from protoc's descriptors. */
  async function topicWith(name: string, v1: string, v1Descriptor: string, records = ORDERS): Promise<string> {
    const topic = `rules-proto-${name}-${suffix}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const registered = await core.client.call('schemas.register', { profileId, subject: `${topic}-value`, draft: { schemaType: 'PROTOBUF', schema: v1, references } });
    const spec = JSON.stringify({ id: registered.id, descriptors: [descriptors[MONEY], v1Descriptor], message: 'shop.Order' });
    pythonProduce(lab, topic, records.map((value) => ({ key: value.id, value, format: 'protobuf-framed' })), { schemas: { 'protobuf-framed': spec } });
    return topic;
  }

  it('the same outcome for every record and every rule (imports, nested messages, enums, maps, oneofs, repeated fields)', async () => {
    const topic = await topicWith('domain', ORDER, descriptors[ORDER]!);
    try {
      const { report, floe, python } = await bothClients({ core, lab, profileId, type: 'PROTOBUF', topic, schema: ORDER, references, rules: RULES, protobuf: { descriptors, message: 'shop.Order' } });
      expect(report.records).toEqual({ read: ORDERS.length, decoded: ORDERS.length, undecodable: [] });
      expect(python.undecodable).toEqual([]);
      expect(disagreements(RULES, floe, python.rules)).toEqual([]);
      const count = (name: string) => report.rules.find((r) => r.name === name)!;
      expect(count('positive')).toMatchObject({ tested: 5, passed: 4, failed: 1, errors: 0 });
      expect(count('nested-cents')).toMatchObject({ passed: 4, failed: 1 });
      expect(count('has-total')).toMatchObject({ passed: 4, failed: 1 });
      expect(count('enum-paid')).toMatchObject({ passed: 3, failed: 2 });
      expect(count('map-channel')).toMatchObject({ passed: 2, failed: 3 });
      expect(count('oneof-phone')).toMatchObject({ passed: 2, failed: 3 });
      expect(count('lines-positive')).toMatchObject({ passed: 4, failed: 1 });
      expect(count('email-has-at')).toMatchObject({ passed: 3, failed: 2 });
      expect(count('read-positive')).toMatchObject({ passed: 4, failed: 1 });
      expect(count('mask-email')).toMatchObject({ passed: 5, changed: 5 });
      expect(report.transforms.find((t) => t.rule === 'mask-email' && t.offset === 2)!.changes).toEqual([{ path: 'email', before: 'not-an-email', after: '***' }]);
      expect(transformDisagreements(report, 'mask-email', python.values['mask-email']!)).toEqual([]);
      expect(report.failures.filter((f) => f.rule === 'email-has-at').map((f) => f.fields[0])).toEqual([
        { path: 'shop.Order.email', value: 'not-an-email' },
        { path: 'shop.Order.email', value: '' },
      ]);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  });

  it('UPGRADE migrations: Confluent’s JavaScript client does not run them on Protobuf (the Python one does), and Floe says so', async () => {
    const V2 = orderProto('\n  string currency = 13;');
    const v2Descriptor = protoc({ 'shop/money.proto': MONEY, 'shop/order.proto': V2 })['shop/order.proto']!;
    const topic = await topicWith('migrate', ORDER, descriptors[ORDER]!, ORDERS.slice(0, 3));
    const MIGRATIONS: Rule[] = [
      { name: 'add-currency', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, {"currency": "EUR"}])' },
      { name: 'broken-jsonata', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, ' },
    ];
    try {
      const { report, python } = await bothClients({ core, lab, profileId, type: 'PROTOBUF', topic, schema: V2, references, rules: MIGRATIONS, protobuf: { descriptors: { ...descriptors, [V2]: v2Descriptor }, message: 'shop.Order' } });
      for (const name of ['add-currency', 'broken-jsonata']) expect(report.rules.find((r) => r.name === name)).toMatchObject({ tested: 0, skipped: PROTOBUF_MIGRATIONS });
      expect(report.failures).toEqual([]);
      expect(Object.values(python.rules['add-currency']!)).toEqual(['passed', 'passed', 'passed']);
      expect(Object.values(python.rules['broken-jsonata']!)).toEqual(['error', 'error', 'error']);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    }
  });
});
