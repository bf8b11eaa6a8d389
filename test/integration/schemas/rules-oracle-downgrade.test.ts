import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Rule } from '../../../shared/model/schemas';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';
import { bothClients, disagreements, transformDisagreements } from './rules-oracle-clients';

const lab = inject('lab');
const profileId = 'local-lab';
const suffix = Date.now().toString(36);
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
let core: ReturnType<typeof startCore>;

const AVRO_V1 = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }, { name: 'amount', type: 'double' }] });
const AVRO_V2 = AVRO_V1.replace('"fields":[', '"fields":[{"name":"currency","type":"string","default":"USD"},');
const JSON_V1 = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, amount: { type: 'number' } } });
const JSON_V2 = JSON_V1.replace('"properties":{', '"properties":{"currency":{"type":"string"},');

/** Version 2's rules for consumers still on version 1: drop the field it added, amounts back from cents. */
const DOWNGRADES: Rule[] = [
  { name: 'drop-currency', kind: 'TRANSFORM', mode: 'DOWNGRADE', type: 'JSONATA', expr: '$sift($, function($v, $k) {$k != "currency"})' },
  { name: 'cents-to-units', kind: 'TRANSFORM', mode: 'DOWNGRADE', type: 'JSONATA', expr: '$merge([$sift($, function($v, $k) {$k != "currency"}), {"amount": amount / 100}])' },
  { name: 'broken-jsonata', kind: 'TRANSFORM', mode: 'DOWNGRADE', type: 'JSONATA', expr: '$sift(' },
];

describe.skipIf(!lab.registry)('DOWNGRADE migrations for a consumer on an older version: Floe against Confluent’s Python client', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await core?.close();
  });

  for (const [type, format, v1, v2] of [
    ['AVRO', 'avro', AVRO_V1, AVRO_V2],
    ['JSON', 'jsonschema', JSON_V1, JSON_V2],
  ] as const) {
    it(`${type}: records written with version 2 read with version 1, outcome by outcome and field by field as in Python`, async () => {
      const topic = `rules-downgrade-${format}-${suffix}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      try {
        pythonProduce(lab, topic, [{ key: '1', value: { id: 1, amount: 2.5 }, format }], { schemas: { [format]: v1 } });
        pythonProduce(lab, topic, [1250, 300].map((amount, i) => ({ key: String(i + 2), value: { id: i + 2, amount, currency: 'EUR' }, format })), { schemas: { [format]: v2 } });
        const { report, floe, python } = await bothClients({ core, lab, profileId, type, topic, schema: v2, rules: DOWNGRADES, readerVersion: 1 });
        expect(report.notes).toContain(`the schema under test is version 2 of ${topic}-value: its rules run as that version's`);
        expect(disagreements(DOWNGRADES, floe, python.rules)).toEqual([]);
        const count = (name: string) => report.rules.find((r) => r.name === name)!;
        // The record written with version 1 needs no migration: the consumer reads it as it is.
        expect(count('drop-currency')).toMatchObject({ tested: 2, passed: 2, changed: 2, notApplicable: 1 });
        expect(count('broken-jsonata')).toMatchObject({ tested: 2, errors: 2 });
        const changes = report.transforms.find((t) => t.rule === 'cents-to-units' && t.offset === 1)!.changes;
        expect(changes.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
          { path: 'amount', before: 1250, after: 12.5 },
          { path: 'currency', before: 'EUR' },
        ]);
        for (const name of ['drop-currency', 'cents-to-units']) expect(transformDisagreements(report, name, python.values[name]!)).toEqual([]);

        // Without a reader version the rule is not run, and the report says what to choose.
        const plain = await core.client.call('schemas.testRules', { profileId, source: { draft: { schemaType: type, schema: v2, ruleSet: { migrationRules: DOWNGRADES } } }, records: { kind: 'topic', topic, last: 10 } });
        expect(plain.rules[0]!.skipped).toMatch(/^a DOWNGRADE migration runs for a consumer that reads with an older version: choose a reader version older than 2/);
        // A reader version that is not older, or that the subject does not have: one message each.
        const call = (readerVersion: number) =>
          core.client.call('schemas.testRules', { profileId, source: { draft: { schemaType: type, schema: v2, ruleSet: { migrationRules: DOWNGRADES } } }, records: { kind: 'topic', topic, last: 10 }, readerVersion });
        await expect(call(2)).rejects.toThrow('the reader version (2) must be older than the tested version (2)');
        const other = await core.client.call('schemas.testRules', { profileId, source: { draft: { schemaType: type, schema: v2.replace('"amount"', '"total"'), ruleSet: { migrationRules: DOWNGRADES } } }, records: { kind: 'topic', topic, last: 10 } });
        expect(other.rules[0]!.skipped).toMatch(/no record is written with a schema that is not registered/);
      } finally {
        await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      }
    });
  }
});
