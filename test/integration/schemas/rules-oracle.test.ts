import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Rule } from '../../../shared/model/schemas';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';
import { bothClients as clients, disagreements as differences, transformDisagreements } from './rules-oracle-clients';

const lab = inject('lab');
const profileId = 'local-lab';
const suffix = Date.now().toString(36);
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
let core: ReturnType<typeof startCore>;

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'status', type: 'string' },
    { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
  ],
});
const JSON_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, amount: { type: 'number' }, status: { type: 'string' }, email: { type: 'string', 'confluent:tags': ['PII'] } },
});
const ORDERS = [
  { id: 1, amount: 12.5, status: 'paid', email: 'a@shop.com' },
  { id: 2, amount: -3.0, status: 'paid', email: 'b@shop.com' },
  { id: 3, amount: 0.5, status: 'open', email: 'not-an-email' },
  { id: 4, amount: 7.25, status: 'paid', email: 'c@shop.org' },
  { id: 5, amount: 150.75, status: 'refunded', email: 'd@shop.com' },
  { id: 6, amount: -0.5, status: 'open', email: '' },
];

const rule = (r: Partial<Rule> & { name: string; expr: string }): Rule => ({ kind: 'CONDITION', mode: 'WRITE', type: 'CEL', onFailure: 'DLQ', ...r });
/** The same rules for both clients; outcome by outcome they must agree (where they do not, the test says so). */
const RULES: Rule[] = [
  rule({ name: 'positive', expr: 'message.amount > 0.0' }),
  rule({ name: 'paid-needs-10', expr: 'message.status == "paid" ; message.amount >= 10.0' }),
  rule({ name: 'known-status', expr: 'message.status in ["paid", "open", "refunded"] && size(message.email) > 0' }),
  rule({ name: 'dot-com', expr: 'message.email.endsWith(".com")' }),
  rule({ name: 'pii-has-at', type: 'CEL_FIELD', tags: ['PII'], expr: 'value.contains("@")' }),
  rule({ name: 'mask-pii', type: 'CEL_FIELD', kind: 'TRANSFORM', tags: ['PII'], expr: '"***"' }),
  rule({ name: 'no-such-field', expr: 'message.currency == "EUR"' }),
  rule({ name: 'read-positive', mode: 'READ', expr: 'message.amount > 0.0' }),
];

/**
 * Where the two clients disagree, and why. JSON has one number type: the record {"amount": -3} holds a
 * whole number, which Python's CEL (cel-python) keeps as an int and refuses to compare with the double
 * literal 0.0 (an error), while JavaScript's CEL sees a double and compares (the condition fails).
 */
const JSON_NUMBER_DIFFERENCES = ['positive 1/0: Floe failed, Python error', 'paid-needs-10 1/0: Floe failed, Python error', 'read-positive 1/0: Floe failed, Python error'];

describe.skipIf(!lab.registry)('data-contract rules: Floe (Confluent’s JavaScript client) against Confluent’s Python client', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await core?.close();
  });

  for (const [type, format, schema] of [
    ['AVRO', 'avro', AVRO],
    ['JSON', 'jsonschema', JSON_SCHEMA],
  ] as const) {
    it(`${type}: the same outcome for every record and every WRITE rule, and the failing fields named`, async () => {
      const topic = `rules-${format}-${suffix}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      try {
        pythonProduce(lab, topic, ORDERS.map((value, i) => ({ key: String(value.id), value, format, partition: i % 2 })), { schemas: { [format]: schema } });
        const { report, floe, python } = await clients({ core, lab, profileId, type, topic, schema, rules: RULES });
        expect(report.records).toEqual({ read: ORDERS.length, decoded: ORDERS.length, undecodable: [] });
        expect(python.undecodable).toEqual([]);
        // (READ rules on Avro are compared below: Floe reports what Confluent's JavaScript client would skip.)
        const disagreements = differences(RULES.filter((x) => type === 'JSON' || x.mode !== 'READ'), floe, python.rules);
        expect(disagreements).toEqual(type === 'JSON' ? JSON_NUMBER_DIFFERENCES : []);

        const count = (name: string) => report.rules.find((r) => r.name === name)!;
        expect(count('positive')).toMatchObject({ tested: 6, passed: 4, failed: 2, errors: 0, onFailure: 'DLQ' });
        expect(count('paid-needs-10')).toMatchObject({ passed: 4, failed: 2 });
        expect(count('pii-has-at')).toMatchObject({ passed: 4, failed: 2 });
        expect(count('mask-pii')).toMatchObject({ passed: 6, changed: 6 });
        // What the transform made of each record: the changed field, as Python's client made it too.
        const masked = report.transforms.filter((t) => t.rule === 'mask-pii');
        expect(masked.map((t) => t.changes)).toContainEqual([{ path: 'email', before: 'not-an-email', after: '***' }]);
        expect(masked.every((t) => t.changes.length === 1 && t.changes[0]!.after === '***')).toBe(true);
        expect(transformDisagreements(report, 'mask-pii', python.values['mask-pii']!)).toEqual([]);
        const negative = report.failures.find((f) => f.rule === 'positive' && f.fields[0]?.value === -3)!;
        expect(negative).toMatchObject({ outcome: 'failed', message: "Expr failed: 'message.amount > 0.0'", fields: [{ path: 'amount', value: -3 }] });
        expect(report.failures.filter((f) => f.rule === 'pii-has-at').map((f) => f.fields[0])).toEqual(
          expect.arrayContaining([{ path: 'shop.Order.email', value: 'not-an-email' }, { path: 'shop.Order.email', value: '' }].map((x) => (type === 'AVRO' ? x : { ...x, path: expect.any(String) }))),
        );
        // A field the record does not have: both clients fail every record with an error, not a plain failure.
        expect(count('no-such-field')).toMatchObject({ errors: 6 });
        expect(report.failures.find((f) => f.rule === 'no-such-field')!.message).toMatch(/CEL could not evaluate the expression.*lets such a record pass without checking it/);

        // READ rules: the consumer's deserializer runs them. Confluent's JavaScript client hands CEL the
        // Avro record objects avsc makes, which CEL cannot take: it would let every record pass unchecked;
        // Floe reports that as an error. The Python client, and the JavaScript one on JSON, check them.
        if (type === 'AVRO') {
          expect(count('read-positive')).toMatchObject({ errors: 6 });
          expect(Object.values(python.rules['read-positive']!).sort()).toEqual(['failed', 'failed', 'passed', 'passed', 'passed', 'passed']);
        }
      } finally {
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      }
    });
  }

  // Records written with version 1; the draft (version 2) adds a field and migrates old records to it.
  const MIGRATIONS: Rule[] = [
    { name: 'add-currency', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, {"currency": "EUR"}])' },
    { name: 'amount-in-cents', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, {"amount": amount * 100}])' },
    { name: 'broken-jsonata', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$merge([$, ' },
  ];
  for (const [type, format, v1, v2] of [
    ['AVRO', 'avro', AVRO, AVRO.replace('"fields":[', '"fields":[{"name":"currency","type":"string","default":"USD"},')],
    ['JSON', 'jsonschema', JSON_SCHEMA, JSON_SCHEMA.replace('"properties":{', '"properties":{"currency":{"type":"string"},')],
  ] as const) {
    it(`${type}: UPGRADE migrations (JSONata) run on records of the older version, outcome by outcome as in Python`, async () => {
      const topic = `rules-migrate-${format}-${suffix}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      try {
        pythonProduce(lab, topic, ORDERS.slice(0, 3).map((value) => ({ key: String(value.id), value, format })), { schemas: { [format]: v1 } });
        const { report, floe, python } = await clients({ core, lab, profileId, type, topic, schema: v2, rules: MIGRATIONS });
        expect(differences(MIGRATIONS, floe, python.rules)).toEqual([]);
        const count = (name: string) => report.rules.find((r) => r.name === name)!;
        expect(count('add-currency')).toMatchObject({ tested: 3, passed: 3, example: { partition: 0, offset: 0, value: { id: 1, currency: 'EUR' } } });
        expect(count('amount-in-cents').example!.value).toMatchObject({ amount: 1250 });
        expect(count('add-currency').changed).toBe(3);
        expect(report.transforms.find((t) => t.rule === 'amount-in-cents' && t.offset === 0)!.changes).toContainEqual({ path: 'amount', before: 12.5, after: 1250 });
        for (const name of ['add-currency', 'amount-in-cents']) expect(transformDisagreements(report, name, python.values[name]!)).toEqual([]);
        expect(count('broken-jsonata')).toMatchObject({ tested: 3, errors: 3 });
      } finally {
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      }
    });
  }
});
