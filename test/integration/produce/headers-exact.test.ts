// Headers of any content round-trip byte for byte: a Kafka Connect DLQ record (multi-line stack trace), a
// non-UTF-8 header, a null header and a repeated key, written and read back by confluent-kafka.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formFromRecord, requestFromForm } from '../../../renderer/src/features/produce/produce-form';
import { startCore } from '../core-session';
import { pythonConsumeRaw, pythonProduceRaw, type RawPyRecord } from '../python-kafka';

const lab = inject('lab');
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
const suffix = Date.now().toString(36);
const dlq = `headers-dlq-${suffix}`;
const copies = `headers-copy-${suffix}`;
const profileId = 'local-lab';
let core: ReturnType<typeof startCore>;

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const STACK = 'org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed due to serialization error: \n\tat org.apache.kafka.connect.json.JsonConverter.toConnectData(JsonConverter.java:333)\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.convertValue(WorkerSinkTask.java:545)\n\t... 14 more\nCaused by: com.fasterxml.jackson.core.JsonParseException: Unexpected character (\'}\' (code 125))\r\n';
const ORIGINAL: RawPyRecord = {
  partition: 0,
  key: hex('order-17'),
  value: hex('{"id": 17, "amount": }'),
  headers: [
    ['__connect.errors.topic', hex('orders')],
    ['__connect.errors.exception.stacktrace', hex(STACK)],
    ['bin', 'c328ff00'],
    ['nothing', null],
    ['bin', hex('second value of a repeated key')],
    ['empty', ''],
  ],
};

beforeAll(async () => {
  core = startCore(lab.home);
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: dlq }, { topic: copies }], waitForLeaders: true });
  pythonProduceRaw(lab, dlq, [ORIGINAL]);
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [dlq, copies] }).catch(() => undefined);
  await admin.disconnect();
  await core.close();
});

describe('headers round-trip byte-exactly', () => {
  it('shows each header as text, hex or null, in order', async () => {
    const detail = await core.client.call('messages.get', { profileId, topic: dlq, partition: 0, offset: 0 });
    expect(detail.headers).toEqual([
      { key: '__connect.errors.topic', value: 'orders' },
      { key: '__connect.errors.exception.stacktrace', value: STACK },
      { key: 'bin', value: null, hex: 'c328ff00' },
      { key: 'nothing', value: null },
      { key: 'bin', value: 'second value of a repeated key' },
      { key: 'empty', value: '' },
    ]);
  });

  it('re-produces the exact bytes, and so does produce from the re-produce form', async () => {
    const copied = await core.client.call('messages.reproduce', { profileId, from: { topic: dlq, partition: 0, offset: 0 }, to: { topic: copies } });
    expect(copied.written).toEqual([{ partition: 0, offset: 0 }]);

    // The UI's "Re-produce… (edit first)": the record as the form holds it, sent unchanged.
    const detail = await core.client.call('messages.get', { profileId, topic: dlq, partition: 0, offset: 0 });
    const form = formFromRecord(copies, detail);
    const request = requestFromForm(profileId, { ...form, value: { ...form.value, encoding: 'hex', text: detail.rawValueHex! } });
    const produced = await core.client.call('messages.produce', request);
    expect(produced.written).toEqual([{ partition: 0, offset: 1 }]);

    const back = pythonConsumeRaw(lab, copies, 0, 0, 2);
    for (const r of back) expect({ key: r.key, value: r.value, headers: r.headers }).toEqual({ key: ORIGINAL.key, value: ORIGINAL.value, headers: ORIGINAL.headers });
  });

  it('produces N copies to the partitioner and refuses bad hex by name', async () => {
    const result = await core.client.call('messages.produce', { profileId, topic: copies, key: { encoding: 'string', text: 'same-key' }, value: { encoding: 'string', text: 'v' }, headers: [{ key: 'h', hex: '00' }], copies: 3 });
    expect(result).toMatchObject({ count: 3, written: [{ partition: 0, offset: 2 }] });
    const back = pythonConsumeRaw(lab, copies, 0, 2, 3);
    expect(back.map((r) => [r.offset, r.headers])).toEqual([2, 3, 4].map((o) => [o, [['h', '00']]]));
    await expect(core.client.call('messages.produce', { profileId, topic: copies, value: { encoding: 'string', text: 'v' }, headers: [{ key: 'h', hex: 'abc' }] })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/hex must be pairs of hex digits/) });
    await expect(core.client.call('messages.produce', { profileId, topic: copies, value: { encoding: 'string', text: 'v' }, partition: 7 })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has no partition 7/) });
    await expect(core.client.call('messages.produce', { profileId, topic: `missing-${suffix}`, value: { encoding: 'string', text: 'v' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
