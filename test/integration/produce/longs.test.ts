import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pythonConsume } from '../python-kafka';
import { startCore } from '../core-session';
import { registerSchema } from '../registry-fixtures';

const lab = inject('lab');
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const suffix = Date.now().toString(36);
const avroTopic = `produce-longs-avro-${suffix}`;
const protoTopic = `produce-longs-proto-${suffix}`;
const profileId = 'local-lab';
let core: ReturnType<typeof startCore>;

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Ledger',
  namespace: 'floe.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'maybe', type: ['null', 'long'], default: null },
    { name: 'amounts', type: { type: 'array', items: 'long' } },
    { name: 'ratio', type: 'double' },
  ],
});
const PROTO = 'syntax = "proto3";\npackage floe.test;\nmessage Other { string note = 1; }\nmessage Order { int64 id = 1; string name = 2; double amount = 3; repeated string tags = 4; uint64 big = 5; }\n';

const register = (subject: string, schemaType: 'AVRO' | 'PROTOBUF', schema: string) => registerSchema(lab.registry!.url, subject, schema, schemaType);

describe.skipIf(!lab.registry)(`produce: 64-bit integers past 2^53 keep every digit${lab.registry ? '' : ' (skipped: this lab has no schema registry)'}`, () => {
  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: avroTopic, numPartitions: 1 }, { topic: protoTopic, numPartitions: 1 }], waitForLeaders: true });
    await register(`${avroTopic}-value`, 'AVRO', AVRO);
    await register(`${protoTopic}-value`, 'PROTOBUF', PROTO);
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [avroTopic, protoTopic] }).catch(() => undefined);
    await admin.disconnect();
    await core?.close();
  });

  it('Avro: plain JSON and Avro JSON values round-trip through Floe and read exactly by confluent-kafka', async () => {
    const subject = `${avroTopic}-value`;
    const texts = [
      '{"id": 9223372036854775807, "maybe": 9007199254740993, "amounts": [-9223372036854775808, 1, 12345678901234567], "ratio": 0.25}',
      '{"id": 9007199254740993, "maybe": {"long": 18014398509481985}, "amounts": [], "ratio": 12345678901234567890}',
    ];
    for (const text of texts) await core.client.call('messages.produce', { profileId, topic: avroTopic, value: { encoding: 'schema', subject, text } });
    const page = await core.client.call('messages.read', { profileId, topic: avroTopic, start: { kind: 'beginning' } });
    expect(page.records.map((r) => r.value.value)).toEqual([
      { id: 9223372036854775807n, maybe: 9007199254740993n, amounts: [-9223372036854775808n, 1, 12345678901234567n], ratio: 0.25 },
      { id: 9007199254740993n, maybe: 18014398509481985n, amounts: [], ratio: 12345678901234567000 },
    ]);
    // 12345678901234567 is below 2^63 but above 2^53: it must come back exact from an independent reader too.
    expect(pythonConsume(lab, avroTopic, 2, 'avro')).toEqual([
      '{"id": 9223372036854775807, "maybe": 9007199254740993, "amounts": [-9223372036854775808, 1, 12345678901234567], "ratio": 0.25}',
      '{"id": 9007199254740993, "maybe": 18014398509481985, "amounts": [], "ratio": 1.2345678901234567e+19}',
    ]);
  });

  it('Protobuf: int64 and uint64 round-trip through Floe and read exactly by Google protobuf', async () => {
    const text = '{"id": -9007199254740993, "name": "big", "amount": 1.5, "tags": ["x"], "big": 18446744073709551615}';
    await core.client.call('messages.produce', { profileId, topic: protoTopic, value: { encoding: 'schema', subject: `${protoTopic}-value`, messageType: 'floe.test.Order', text } });
    const page = await core.client.call('messages.read', { profileId, topic: protoTopic, start: { kind: 'beginning' } });
    expect(page.records[0]!.value).toMatchObject({ kind: 'protobuf', value: { id: -9007199254740993n, name: 'big', big: 18446744073709551615n } });
    expect(pythonConsume(lab, protoTopic, 1, 'protobuf')).toEqual(['{"id": -9007199254740993, "name": "big", "amount": 1.5, "tags": ["x"], "big": 18446744073709551615}']);
  });
});
