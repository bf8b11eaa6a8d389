// Exact decoding against independent producers: confluent-kafka's JSON text, Avro, JSON Schema and Protobuf
// serializers (Python ints keep every digit). Every digit must reach the page, a CEL filter, the exports and
// `floe consume --json`; NaN and ±Infinity stay what they are; Protobuf schemas registered the way Python's
// ProtobufSerializer registers them (base64 FileDescriptorProto) decode; times of day show as times.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseExactJson } from '../../../shared/exact-json';
import type { BrowseRecord } from '../../../shared/model/messages';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const suffix = Date.now().toString(36);
const topics = { json: `exact-json-${suffix}`, jsonSchema: `exact-jsonschema-${suffix}`, avro: `exact-avro-${suffix}`, proto: `exact-proto-${suffix}`, binary: `exact-binary-${suffix}`, text: `exact-text-${suffix}` };
const profileId = 'local-lab';
const root = join(import.meta.dirname, '..', '..', '..');
const out = mkdtempSync(join(tmpdir(), 'floe-exact-'));
let core: ReturnType<typeof startCore>;

const read = async (topic: string) => (await core.client.call('messages.read', { profileId, topic, start: { kind: 'beginning' } })).records;
const search = async (topic: string, filter?: string) => {
  const found: BrowseRecord[] = [];
  const summary = await core.client.stream('messages.search', { profileId, topic, ...(filter ? { filter } : {}) }, (e) => {
    if (e.kind === 'matches') found.push(...e.records);
  });
  return { found, summary };
};
/** The built CLI, on the lab's own profile (npm run build first). */
const floe = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env: { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' }, encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
});

afterAll(async () => {
  await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
  await admin.disconnect();
  await core?.close();
});

describe('JSON integers past 2^53, from Python json.dumps', () => {
  const big = { id: 9007199254740993n, max: 2n ** 63n - 1n, min: -(2n ** 63n), nested: { ids: [1, 9007199254740995n, -9007199254740993n], deep: [[{ u: 2n ** 64n - 1n }]] } };

  beforeAll(() => {
    pythonProduce(lab, topics.json, [
      { key: 'a', value: { id: 9007199254740992n, note: 'the double 9007199254740993 rounds to' } },
      { key: 'b', value: big },
      // Text as written (json.dumps cannot write 1e400 or -0): floats keep their JSON.parse meaning.
      { key: 'c', value: '{"id": 5, "huge": 1e400, "one": 1.0, "nz": -0, "ids": [12345678901234567890, -12345678901234567890]}', format: 'string' },
    ]);
  });

  it('the page holds every digit, at any depth and sign, and previews them', async () => {
    const records = await read(topics.json);
    const by = (k: string) => records.find((r) => r.key.value === k)!;
    expect(by('a').value.value).toEqual({ id: 9007199254740992n, note: 'the double 9007199254740993 rounds to' });
    expect(by('b').value).toMatchObject({ kind: 'json', value: big });
    expect(by('b').valuePreview).toBe('{"id":9007199254740993,"max":9223372036854775807,"min":-9223372036854775808,"nested":{"ids":[1,9007199254740995,-9007199254740993],"deep":[[{"u":18446744073709551615}]]}}');
    expect(by('c').value.value).toEqual({ id: 5, huge: Infinity, one: 1, nz: -0, ids: [12345678901234567890n, -12345678901234567890n] });
    expect(by('c').valuePreview).toBe('{"id":5,"huge":Infinity,"one":1,"nz":-0,"ids":[12345678901234567890,-12345678901234567890]}');
  });

  it('CEL filters compare them exactly', async () => {
    const keys = async (filter: string) => (await search(topics.json, filter)).found.map((r) => r.key.value);
    expect(await keys('value.id == 9007199254740993')).toEqual(['b']);
    expect(await keys('value.id == 9007199254740992')).toEqual(['a']);
    expect(await keys('value.id > 9007199254740992')).toEqual(['b']);
    expect(await keys('has(value.nested) && value.nested.ids[2] == -9007199254740993 && value.max == 9223372036854775807')).toEqual(['b']);
    expect(await keys('has(value.ids) && value.ids[0] == 12345678901234567890')).toEqual(['c']);
  });

  it('JSONL and CSV exports, copy as JSON and `floe consume --json` keep every digit', async () => {
    const jsonl = join(out, 'big.jsonl');
    const csv = join(out, 'big.csv');
    for (const [format, path] of [['jsonl', jsonl], ['csv', csv]] as const)
      await core.client.stream('messages.export', { profileId, topic: topics.json, format, path, select: { kind: 'search', filter: 'value.id == 9007199254740993' } }, () => undefined);
    const line = parseExactJson(readFileSync(jsonl, 'utf8').trim()) as { value: unknown };
    expect(line.value).toEqual(big);
    expect(readFileSync(csv, 'utf8')).toContain('""id"":9007199254740993,""max"":9223372036854775807,""min"":-9223372036854775808');

    const copied = await core.client.call('messages.copy', { profileId, topic: topics.json, partition: 0, offset: 2, as: 'json' });
    expect((parseExactJson(copied.text) as { value: unknown }).value).toMatchObject({ huge: 'Infinity', nz: -0, ids: [12345678901234567890n, -12345678901234567890n] });

    const run = floe('consume', topics.json, '--json');
    expect(run.status, run.stderr).toBe(0);
    const values = run.stdout.trim().split('\n').map((l) => (parseExactJson(l) as { value: unknown }).value);
    expect(values[1]).toEqual(big);
    expect(run.stdout).toContain('"huge":"Infinity","one":1,"nz":-0,"ids":[12345678901234567890,-12345678901234567890]');
  });
});

describe.skipIf(!lab.registry)(`registry formats${lab.registry ? '' : ' (skipped: this lab has no schema registry)'}`, () => {
  it('JSON Schema values from Python’s JSONSerializer keep every digit and validate as integers', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, ids: { type: 'array', items: { type: 'integer' } } }, required: ['id'] });
    pythonProduce(lab, topics.jsonSchema, [{ key: 'j', value: { id: 2n ** 63n - 1n, ids: [-9007199254740993n, 3] }, format: 'jsonschema' }], { schemas: { jsonschema: schema } });
    const [r] = await read(topics.jsonSchema);
    expect(r!.value).toMatchObject({ kind: 'json-schema', value: { id: 2n ** 63n - 1n, ids: [-9007199254740993n, 3] } });
    expect(r!.value.warnings).toBeUndefined();
    expect((await search(topics.jsonSchema, 'value.id == 9223372036854775807')).found).toHaveLength(1);
  });

  it('Avro from Python’s AvroSerializer: NaN and ±Infinity as such, times of day, longs exact', async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Reading',
      namespace: 'floe.test',
      fields: [
        { name: 'd', type: 'double' },
        { name: 'f', type: 'float' },
        { name: 'maybe', type: ['null', 'double'] },
        { name: 'ms', type: { type: 'int', logicalType: 'time-millis' } },
        { name: 'us', type: { type: 'long', logicalType: 'time-micros' } },
        { name: 'big', type: 'long' },
      ],
    });
    pythonProduce(
      lab,
      topics.avro,
      [
        { key: 'nan', value: { d: NaN, f: -Infinity, maybe: Infinity, ms: 45296789, us: 45296789012, big: 2n ** 63n - 1n }, format: 'avro' },
        { key: 'null', value: { d: 0.5, f: 1, maybe: null, ms: 0, us: 86399999999, big: -(2n ** 63n) }, format: 'avro' },
      ],
      { schemas: { avro: schema } },
    );
    const records = await read(topics.avro);
    expect(records.map((r) => r.value.value)).toEqual([
      { d: NaN, f: -Infinity, maybe: Infinity, ms: '12:34:56.789', us: '12:34:56.789012', big: 2n ** 63n - 1n },
      { d: 0.5, f: 1, maybe: null, ms: '00:00:00.000', us: '23:59:59.999999', big: -(2n ** 63n) },
    ]);
    expect(records[0]!.valuePreview).toBe('{"d":NaN,"f":-Infinity,"maybe":Infinity,"ms":"12:34:56.789","us":"12:34:56.789012","big":9223372036854775807}');
    const jsonl = join(out, 'nan.jsonl');
    await core.client.stream('messages.export', { profileId, topic: topics.avro, format: 'jsonl', path: jsonl, select: { kind: 'search' } }, () => undefined);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(lines[0]).toContain('"value":{"d":"NaN","f":"-Infinity","maybe":"Infinity","ms":"12:34:56.789","us":"12:34:56.789012","big":9223372036854775807}');
    expect(lines[1]).toContain('"maybe":null');
    expect((await search(topics.avro, 'value.d != value.d')).found.map((r) => r.key.value)).toEqual(['nan']);
  });

  it('Protobuf from Python’s ProtobufSerializer: schemas registered as base64 FileDescriptorProto, with an imported file', async () => {
    const common = { name: 'floe/common.proto', package: 'floe.common', syntax: 'proto3', messageType: [{ name: 'Money', field: [{ name: 'units', number: 1, type: 'TYPE_INT64', label: 'LABEL_OPTIONAL' }, { name: 'currency', number: 2, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL' }] }] };
    const order = {
      name: 'floe/order.proto',
      package: 'floe.test',
      syntax: 'proto3',
      dependency: ['floe/common.proto', 'google/protobuf/timestamp.proto'],
      messageType: [
        { name: 'Other', field: [{ name: 'note', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL' }] },
        {
          name: 'Order',
          field: [
            { name: 'order_id', number: 1, type: 'TYPE_UINT64', label: 'LABEL_OPTIONAL' },
            { name: 'delta', number: 2, type: 'TYPE_SINT64', label: 'LABEL_OPTIONAL' },
            { name: 'total', number: 3, type: 'TYPE_MESSAGE', typeName: '.floe.common.Money', label: 'LABEL_OPTIONAL' },
            { name: 'at', number: 4, type: 'TYPE_MESSAGE', typeName: '.google.protobuf.Timestamp', label: 'LABEL_OPTIONAL' },
            { name: 'ratio', number: 5, type: 'TYPE_DOUBLE', label: 'LABEL_OPTIONAL' },
            { name: 'lines', number: 6, type: 'TYPE_MESSAGE', typeName: '.floe.test.Order.Line', label: 'LABEL_REPEATED' },
          ],
          nestedType: [{ name: 'Line', field: [{ name: 'sku', number: 1, type: 'TYPE_STRING', label: 'LABEL_OPTIONAL' }, { name: 'qty', number: 2, type: 'TYPE_INT64', label: 'LABEL_OPTIONAL' }] }],
        },
      ],
    };
    const spec = JSON.stringify({ files: [common, order], message: 'floe.test.Order' });
    pythonProduce(
      lab,
      topics.proto,
      [
        { key: 'p', value: { order_id: '18446744073709551615', delta: '-9007199254740993', total: { units: '9223372036854775807', currency: 'EUR' }, at: '2023-11-14T22:13:20.5Z', ratio: 'NaN', lines: [{ sku: 'a', qty: 2 }] }, format: 'protobuf-serializer' },
        { key: 'q', value: { order_id: 7, ratio: '-Infinity' }, format: 'protobuf-serializer' },
      ],
      { schemas: { 'protobuf-serializer': spec } },
    );
    // What the registry holds is the serializer's base64, not .proto text.
    const latest = (await (await fetch(`${lab.registry!.url}/subjects/${topics.proto}-value/versions/latest`)).json()) as { schema: string; references?: { name: string }[] };
    expect(latest.schema).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(latest.references?.map((r) => r.name)).toEqual(['floe/common.proto']);

    const records = await read(topics.proto);
    expect(records[0]!.value.error).toBeUndefined();
    expect(records[0]!.value).toMatchObject({ kind: 'protobuf', wire: { messageIndexes: [1], messageType: 'floe.test.Order' } });
    expect(records.map((r) => r.value.value)).toEqual([
      { order_id: 2n ** 64n - 1n, delta: -9007199254740993n, total: { units: 2n ** 63n - 1n, currency: 'EUR' }, at: '2023-11-14T22:13:20.500Z', ratio: NaN, lines: [{ sku: 'a', qty: 2 }] },
      { order_id: 7, delta: 0, total: null, at: null, ratio: -Infinity, lines: [] },
    ]);
    expect((await search(topics.proto, 'value.order_id == 18446744073709551615u || value.delta == -9007199254740993')).found.map((r) => r.key.value)).toEqual(['p']);
  });
});

describe('JSON text in UTF-8 and in ASCII, from Python', () => {
  // A search reads most JSON values straight from the fetched bytes (ASCII text parsed in place); a page reads every
  // value through TextDecoder. Both must give the same parts for text of every kind.
  const hex = (text: string) => Buffer.from(text).toString('hex');
  beforeAll(() => {
    pythonProduce(lab, topics.text, [
      { key: 'utf8', value: '{"name":"Zoë","city":"東京","emoji":"😀"}', format: 'string' },
      { key: 'escaped', value: { name: 'Zoë', city: '東京' } }, // json.dumps writes \u escapes: ASCII bytes
      { key: 'fifteen-digits', value: '{"id":123456789012345,"n":1.5}', format: 'string' },
      { key: 'sixteen-digits', value: '{"id":1234567890123456789}', format: 'string' },
      { key: 'padded', value: ' {"padded":true}', format: 'string' },
      { key: 'bom', value: `efbbbf${hex('{"bom":1}')}`, format: 'hex' },
      { key: 'broken', value: '{"broken":', format: 'string' },
      { key: 'not-utf8', value: `${hex('{"x":"')}ff${hex('"}')}`, format: 'hex' },
      { key: 'array', value: '[1,{"a":null},"b"]', format: 'string' },
      { key: 'text', value: 'plain text', format: 'string' },
    ]);
  });

  it('a search decodes every value exactly as the page does', async () => {
    const page = await read(topics.text);
    const { found } = await search(topics.text, 'value != null');
    expect(found.map((r) => r.key.value)).toEqual(page.map((r) => r.key.value));
    expect(found.map((r) => r.value)).toEqual(page.map((r) => r.value));
    const by = (k: string) => found.find((r) => r.key.value === k)!.value;
    expect(by('utf8')).toMatchObject({ kind: 'json', value: { name: 'Zoë', city: '東京', emoji: '😀' } });
    expect(by('escaped')).toMatchObject({ kind: 'json', value: { name: 'Zoë', city: '東京' } });
    expect(by('fifteen-digits').value).toEqual({ id: 123456789012345, n: 1.5 });
    expect(by('sixteen-digits').value).toEqual({ id: 1234567890123456789n });
    expect(by('bom')).toMatchObject({ kind: 'json', value: { bom: 1 } });
    expect(by('broken')).toMatchObject({ kind: 'string', fallback: expect.stringMatching(/^not valid JSON/) });
    expect(by('not-utf8')).toMatchObject({ kind: 'hex', fallback: expect.stringMatching(/not valid UTF-8/) });
  });
});

describe('undecodable records', () => {
  const NOT_TEXT = 'not valid UTF-8 text, and no magic byte 0x00 (not the schema-registry wire format)';
  // A wire-format frame naming a schema id the registry does not have: an error, not a fallback.
  const UNKNOWN_ID = '00000f1206' + '0204';
  const unknownId = lab.registry ? `unknown schema id 987654: the registry at ${lab.registry.url} has no such schema` : 'wire-format header (magic byte 0, schema id 987654) but this profile has no schema registry';

  beforeAll(() => {
    // A PNG header and bytes that are not UTF-8: neither the wire format nor text.
    pythonProduce(lab, topics.binary, [
      { key: 'png', value: '89504e470d0a1a0a', format: 'hex' },
      { key: 'ff', value: 'fffe01', format: 'hex' },
      { key: 'text', value: 'fine', format: 'string' },
      { key: 'unknown-id', value: UNKNOWN_ID, format: 'hex' },
    ]);
  });

  it('say why they stay hex, and a scan without a filter counts them', async () => {
    const records = await read(topics.binary);
    expect(records[0]!.value).toMatchObject({ kind: 'hex', value: '89504e470d0a1a0a', fallback: NOT_TEXT });
    expect(records[1]!.value).toMatchObject({ kind: 'hex', value: 'fffe01', fallback: NOT_TEXT });
    const { found, summary } = await search(topics.binary);
    expect(found).toHaveLength(4);
    expect([...summary.decodeErrors, ...summary.decodeFallbacks]).toEqual(
      lab.registry ? [{ reason: unknownId, count: 1 }, { reason: NOT_TEXT, count: 2 }] : [{ reason: NOT_TEXT, count: 2 }, { reason: unknownId, count: 1 }],
    );
  });

  it('`floe consume` prints the undecodable summary without --filter too', () => {
    const run = floe('consume', topics.binary);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(`auto fell back (2): ${NOT_TEXT}`);
    expect(run.stderr).toContain(lab.registry ? `undecodable (1): ${unknownId}` : `auto fell back (1): ${unknownId}`);
  });

  it('`floe consume --follow` prints it for the records that arrived', async () => {
    const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'consume', topics.binary, '--from', 'end', '--follow', '--limit', '3'], { env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (const end = Date.now() + 30_000; !stderr.includes('following'); await new Promise((r) => setTimeout(r, 50))) if (Date.now() > end) throw new Error(`no follow notice: ${stderr}`);
    await new Promise((r) => setTimeout(r, 1500)); // the tail reads the end offsets right after the notice
    pythonProduce(lab, topics.binary, [
      { key: 'live-png', value: '89504e470d0a1a0a', format: 'hex' },
      { key: 'live-text', value: 'fine', format: 'string' },
      { key: 'live-unknown-id', value: UNKNOWN_ID, format: 'hex' },
    ]);
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/followed: 3 new records arrived, 3 printed/);
    expect(stderr).toContain(`auto fell back (1): ${NOT_TEXT}`);
    if (lab.registry) expect(stderr).toContain(`undecodable (1): ${unknownId}`);
  }, 90_000);
});
