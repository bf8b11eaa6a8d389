import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { FrameRows } from '../../../shared/model/match-frame';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const suffix = Date.now().toString(36);
const topic = `browse-sr-${suffix}`;
const profileId = 'local-lab';
let core: ReturnType<typeof startCore>;

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'floe.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
const PROTO = 'syntax = "proto3";\npackage floe.test;\nmessage Other { string note = 1; }\nmessage Order { int64 id = 1; string name = 2; double amount = 3; repeated string tags = 4; }\n';
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] });

// Registry-dependent: skipped, with the reason, where the lab has no schema registry.
describe.skipIf(!lab.registry)(`registry decoders${lab.registry ? '' : ' (skipped: this lab has no schema registry)'}`, () => {
  let records: BrowseRecord[] = [];

  beforeAll(async () => {
    core = startCore(lab.home);
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    // One subject per format would be the usual layout; the test registers each under its own topic-value subject in turn.
    pythonProduce(lab, topic, [{ key: 'avro', value: { id: 7, name: 'Avro order', amount: 12.5, tags: ['a', 'b'], note: 'hi' }, format: 'avro' }], { schemas: { avro: AVRO } });
    pythonProduce(lab, topic, [{ key: 'proto', value: { id: 8, name: 'Proto order', amount: 1.25, tags: ['x'] }, format: 'protobuf' }], { schemas: { protobuf: PROTO } });
    pythonProduce(lab, topic, [{ key: 'json', value: { id: 9, name: 'Json order' }, format: 'jsonschema' }], { schemas: { jsonschema: JSON_SCHEMA } });
    const page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'beginning' } });
    records = page.records;
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic, `${topic}-proto`] }).catch(() => undefined);
    await admin.disconnect();
    await core?.close();
  });

  it('decodes Avro written by Confluent’s serializer, with the schema id', () => {
    const avro = records.find((r) => r.key.value === 'avro')!;
    expect(avro.value).toMatchObject({ kind: 'avro', value: { id: 7, name: 'Avro order', amount: 12.5, tags: ['a', 'b'], note: 'hi' }, wire: { magic: 0, schemaType: 'AVRO' } });
    expect(avro.schemaId).toBe(avro.value.wire!.schemaId);
  });

  it('decodes Protobuf by message index [1] (the second message of the file)', () => {
    const proto = records.find((r) => r.key.value === 'proto')!;
    expect(proto.value).toMatchObject({ kind: 'protobuf', value: { id: 8, name: 'Proto order', amount: 1.25, tags: ['x'] }, wire: { messageIndexes: [1], messageType: 'floe.test.Order' } });
  });

  it('decodes JSON Schema records and validates them', () => {
    const json = records.find((r) => r.key.value === 'json')!;
    expect(json.value).toMatchObject({ kind: 'json-schema', value: { id: 9, name: 'Json order' }, wire: { schemaType: 'JSON' } });
    expect(json.value.warnings).toBeUndefined();
  });

  // Values written by confluent-kafka's AvroSerializer: a filter that requires a string of a string field (or of a
  // nullable one) rules out, undecoded, every value whose bytes lack it, and finds what a full decode finds.
  it.each([0, 1])('rules out Avro values that lack a string the filter requires, finding the same matches (%i worker threads)', async (threads) => {
    const wanted = `${topic}-wanted`;
    await admin.createTopics({ topics: [{ topic: wanted, numPartitions: 1 }], waitForLeaders: true });
    try {
      const values = Array.from({ length: 300 }, (_, i) => ({ id: i, name: i % 5 === 0 ? 'wanted' : `name-${i}`, amount: i, tags: i % 3 === 0 ? ['wanted'] : [], note: i % 7 === 0 ? 'wanted' : null }));
      pythonProduce(lab, wanted, values.map((value) => ({ key: String(value.id), value, format: 'avro' as const })), { schemas: { avro: AVRO } });
      const search = async (filter: string) => {
        const found: BrowseRecord[] = [];
        const summary = await core.client.stream('messages.search', { profileId, topic: wanted, threads, filter }, (e) => {
          if (e.kind === 'matches') found.push(...e.records);
        });
        return { ids: found.map((r) => (r.value.value as { id: number }).id), summary };
      };
      for (const [filter, expected] of [
        ['value.name == "wanted" && value.amount > 50.0', values.filter((v) => v.id % 5 === 0 && v.id > 50)],
        ['value.note == "wanted"', values.filter((v) => v.id % 7 === 0)],
      ] as const) {
        const fast = await search(filter);
        const plain = await search(`(${filter}) == true`);
        expect(fast.ids).toEqual(expected.map((v) => v.id));
        expect(plain.ids).toEqual(fast.ids);
        const ruledOut = Number(/^(\d+) records were ruled out without decoding/m.exec(fast.summary.notes.join('\n'))?.[1] ?? 0);
        // Every value without the string anywhere in its bytes, but for the first a thread reads (its schema is fetched then).
        const lacking = values.filter((v) => v.name !== 'wanted' && !v.tags.includes('wanted') && v.note !== 'wanted').length;
        expect(ruledOut).toBeGreaterThanOrEqual(lacking - 2);
        expect(ruledOut).toBeLessThanOrEqual(lacking);
        expect(plain.summary.notes.join('\n')).not.toMatch(/ruled out/);
        expect(fast.summary).toMatchObject({ scanned: 300, decodeErrors: [], filterErrors: [] });
      }
    } finally {
      await admin.deleteTopics({ topics: [wanted] }).catch(() => undefined);
    }
  });

  // In the core's thread and on a worker thread, which asks the core for the schema.
  it.each([0, 1])('filters on decoded Avro fields in a scan (%i worker threads)', async (threads) => {
    const found: BrowseRecord[] = [];
    const summary = await core.client.stream('messages.search', { profileId, topic, threads, filter: 'has(value.note) && value.note == "hi"' }, (e) => {
      if (e.kind === 'matches') found.push(...e.records);
    });
    expect(found.map((r) => r.key.value)).toEqual(['avro']);
    // The filter reads only value.note (the scan builds just that field to test it); the match comes back whole.
    expect(found[0]!.value.value).toEqual({ id: 7, name: 'Avro order', amount: 12.5, tags: ['a', 'b'], note: 'hi' });
    expect(summary).toMatchObject({ filterErrors: [], threads });
  });

  // Wire facts of each schema type: Avro and JSON Schema in the frame's columns, Protobuf's message index as an extra.
  it.each([0, 1])("view 'frame' gives the rows of view 'grid' for Avro, Protobuf and JSON Schema records (%i worker threads)", async (threads) => {
    const rows = async (view: 'grid' | 'frame') => {
      const found: BrowseRecord[] = [];
      await core.client.stream('messages.search', { profileId, topic, threads, view, coreThreadHelps: false }, (e) => {
        if (e.kind === 'matches') found.push(...e.records);
        if (e.kind === 'frame') for (let i = 0, r = new FrameRows(e.frame); i < r.length; i++) found.push(r.at(i)!);
      });
      return found;
    };
    const grid = await rows('grid');
    expect(grid.map((r) => r.value.kind)).toEqual(['avro', 'protobuf', 'json-schema']);
    expect(await rows('frame')).toEqual(grid);
  });

  it('explains an unknown schema id, a truncated Avro payload and an invalid message index', async () => {
    const avroId = records.find((r) => r.key.value === 'avro')!.value.wire!.schemaId;
    const protoId = records.find((r) => r.key.value === 'proto')!.value.wire!.schemaId;
    const frame = (id: number, body: number[]) => Buffer.concat([Buffer.from([0]), Buffer.from([id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]), Buffer.from(body)]).toString('hex');
    pythonProduce(lab, topic, [
      { key: 'unknown-id', value: frame(987654, [2, 4]), format: 'hex' },
      { key: 'truncated', value: frame(avroId, [14]), format: 'hex' },
      { key: 'bad-index', value: frame(protoId, [2, 10, 8, 1]), format: 'hex' },
    ]);
    const page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'offset', offset: 3 } });
    const by = (k: string) => page.records.find((r) => r.key.value === k)!.value;
    expect(by('unknown-id')).toMatchObject({ kind: 'hex', error: expect.stringMatching(/unknown schema id 987654/) });
    expect(by('truncated')).toMatchObject({ kind: 'hex', error: expect.stringMatching(/truncated|does not match the schema/i) });
    expect(by('bad-index')).toMatchObject({ kind: 'hex', error: expect.stringMatching(/invalid Protobuf message index \[5\]/) });
  });

  it('produces schema-aware values: validated first (with the failing path), then readable by the registry decoders', async () => {
    const subject = `${topic}-value`;
    await expect(
      core.client.call('messages.produce', { profileId, topic, value: { encoding: 'schema', subject, text: '{"id": "not a number"}' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/value: does not match the JSON Schema: \/id/) });
    const ok = await core.client.call('messages.produce', { profileId, topic, key: { encoding: 'string', text: 'floe' }, value: { encoding: 'schema', subject, text: '{"id": 10, "name": "from Floe"}' } });
    const page = await core.client.call('messages.read', { profileId, topic, start: { kind: 'offset', offset: ok.written[0]!.offset }, limit: 1 });
    expect(page.records[0]!.value).toMatchObject({ kind: 'json-schema', value: { id: 10, name: 'from Floe' } });
  });
});

describe('registry outage', () => {
  it('says the registry is down for framed records instead of failing the scan', async () => {
    const local = startCore(lab.home);
    const deadTopic = `browse-sr-down-${suffix}`;
    const admin2 = kafka.admin();
    try {
      await admin2.connect();
      await admin2.createTopics({ topics: [{ topic: deadTopic, numPartitions: 1 }], waitForLeaders: true });
      pythonProduce(lab, deadTopic, [{ key: 'a', value: '0000000001020304', format: 'hex' }, { key: 'b', value: { plain: true } }]);
      const saved = await local.client.call('connections.save', {
        name: 'dead registry',
        kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } },
        registry: { url: 'http://127.0.0.1:1' },
      });
      // A worker thread asks the core for the schema: the registry's failure (and its code) crosses back.
      for (const threads of [0, 1]) {
        const found: BrowseRecord[] = [];
        const summary = await local.client.stream('messages.search', { profileId: saved.id, topic: deadTopic, threads, filter: 'true || value == null' }, (e) => {
          if (e.kind === 'matches') found.push(...e.records);
        });
        expect(found).toHaveLength(2);
        expect(found[0]!.value).toMatchObject({ kind: 'hex', wire: { schemaId: 1 }, registryFailure: 'UNREACHABLE', error: expect.stringMatching(/127\.0\.0\.1:1/) });
        expect(found[1]!.value).toMatchObject({ kind: 'json', value: { plain: true } });
        expect(summary.decodeErrors).toHaveLength(1);
        expect(summary.decodeErrors[0]!.count).toBe(1);
      }
    } finally {
      await admin2.deleteTopics({ topics: [deadTopic] }).catch(() => undefined);
      await admin2.disconnect();
      await local.close();
    }
  });
});
