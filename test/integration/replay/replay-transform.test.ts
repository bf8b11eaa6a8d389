// One transform for a group of dead letters against the lab: Avro dead letters whose writer put the amount as text
// (produced by confluent-kafka with Connect's error headers) are fixed with CEL, validated against the target
// subject's schema and encoded with it, replayed, and read back by confluent-kafka's Avro deserializer: values
// exact, the fixed ones under the target subject's schema id, the one the condition leaves out sent unchanged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_LAB_PROFILE_ID } from '../../../shared/model/profile';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { startCore } from '../core-session';
import { ORDER_SCHEMA } from '../dlq/dlq-fixtures';
import { pythonConsume, pythonDumpCommitted, pythonProduce } from '../python-kafka';

const lab = inject('lab');
const profileId = LOCAL_LAB_PROFILE_ID;
const suffix = Date.now().toString(36);
const orders = `tr-orders-${suffix}`;
const dlq = `tr-orders-${suffix}-dlq`;
const fixed = `tr-fixed-${suffix}`;
const AMOUNT_AS_TEXT = JSON.stringify({ type: 'record', name: 'Order', namespace: 'floe.test', fields: [{ name: 'id', type: 'long' }, { name: 'amount', type: 'string' }] });
const amounts = ['12.5', '0.1', 'n/a', '9007199254740993'];
let core: ReturnType<typeof startCore>;
let group: string;
let targetSchemaId: number;

const headers = (i: number) => ({
  '__connect.errors.topic': orders,
  '__connect.errors.partition': '0',
  '__connect.errors.offset': String(i),
  '__connect.errors.stage': 'VALUE_CONVERTER',
  '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
  '__connect.errors.exception.message': 'Failed to deserialize data: amount is not a double',
});

beforeAll(async () => {
  core = startCore(lab.home);
  await createTopics(lab, [{ topic: orders }, { topic: dlq }, { topic: fixed }]);
  // The target subject (orders-…-value, amount: double) exists because a good record was written with it.
  pythonProduce(lab, orders, [{ partition: 0, key: 'good', value: { id: 1, amount: 1.5 }, format: 'avro' }], { schemas: { avro: ORDER_SCHEMA } });
  targetSchemaId = (await core.client.call('schemas.version', { profileId, subject: `${orders}-value`, version: 'latest' })).id;
  pythonProduce(lab, dlq, amounts.map((amount, i) => ({ partition: 0, key: `o${i}`, value: { id: 10 + i, amount }, format: 'avro' as const, headers: headers(i) })), { schemas: { avro: AMOUNT_AS_TEXT } });
  const triage = await core.client.stream('dlq.groups', { profileId, topic: dlq }, () => undefined);
  expect(triage.groups).toHaveLength(1);
  group = triage.groups[0]!.id;
}, 120_000);

afterAll(async () => {
  await deleteTopics(lab, [orders, dlq, fixed]);
  await core?.close();
});

const transform = (t: Record<string, unknown>) => core.client.call('replay.transform', { profileId, topic: dlq, selection: { groups: [group] }, transform: { encoding: { kind: 'schema', subject: `${orders}-value` }, ...t } as never });

describe('one transform for a group of dead letters', () => {
  it('a result the target schema refuses is a problem naming the record and the field', async () => {
    const t = await transform({ set: [{ path: 'amount', expr: 'value.amount' }] });
    expect(t.edits).toEqual([]);
    expect(t.failed).toBe(4);
    expect(t.problems[0]).toEqual({ partition: 0, offset: 0, message: 'value: does not match the Avro schema at /amount', path: '/amount' });
  });

  it('an expression that fails for one record names it; the others are fixed', async () => {
    const t = await transform({ set: [{ path: 'amount', expr: 'double(value.amount)' }] });
    expect(t.edits.map((e) => e.offset)).toEqual([0, 1, 3]);
    expect(t.problems).toEqual([{ partition: 0, offset: 2, message: 'amount: double() type error: cannot convert to double' }]);
  });

  it('fixes the records the condition holds for, encoded with the target subject; confluent-kafka reads the exact values', async () => {
    const t = await transform({ when: 'value.amount != "n/a"', set: [{ path: 'amount', expr: 'double(value.amount)' }] });
    expect(t).toMatchObject({ scanned: 4, unchanged: 1, failed: 0, problems: [] });
    expect(t.previews.map((p) => p.after)).toEqual(['{"id":10,"amount":12.5}', '{"id":11,"amount":0.1}', '{"id":13,"amount":9007199254740992}']);
    const job = await core.client.call('replay.create', { profileId, source: { kind: 'dlq', topic: dlq, selection: { groups: [group] } }, target: { topic: fixed }, edits: t.edits });
    const done = await core.client.stream('replay.run', { id: job.id }, () => undefined);
    expect(done.progress.sent).toBe(4);
    // Fixed values carry the target subject's schema id; the one left out goes as it came (the text-amount schema).
    const ids = pythonDumpCommitted(lab, fixed).map((r) => Buffer.from(r.value!, 'hex').readUInt32BE(1));
    expect(ids.filter((_, i) => i !== 2)).toEqual([targetSchemaId, targetSchemaId, targetSchemaId]);
    expect(ids[2]).not.toBe(targetSchemaId);
    const values = pythonConsume(lab, fixed, 4, 'avro');
    expect(values).toEqual(['{"id": 10, "amount": 12.5}', '{"id": 11, "amount": 0.1}', '{"id": 12, "amount": "n/a"}', '{"id": 13, "amount": 9007199254740992.0}']);
  }, 120_000);

  it('floe replay --set/--when/--as-subject: a dry run shows the fix; a transform that cannot fix every record is refused naming the first', () => {
    const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-cli-')), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
    const floe = (...args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', '..', 'bin/floe.mjs'), 'replay', '--from-dlq', dlq, '--to', fixed, ...args], { env, encoding: 'utf8', timeout: 120_000 });
    const dry = floe('--set', 'amount=double(value.amount)', '--when', 'value.amount != "n/a"', '--as-subject', `${orders}-value`, '--dry-run', '--json');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('Transform: 3 of 4 records changed, 1 replayed as they are (--when)');
    const plan = JSON.parse(dry.stdout) as { selected: number; sends: { edited: boolean }[] };
    expect(plan.selected).toBe(4);
    expect(plan.sends.map((s) => s.edited)).toEqual([true, true, false, true]);
    const only = floe('--set', 'amount=double(value.amount)', '--when', 'value.amount != "n/a"', '--as-subject', `${orders}-value`, '--changed-only', '--dry-run', '--json');
    expect((JSON.parse(only.stdout) as { selected: number }).selected, only.stderr).toBe(3);
    const refused = floe('--set', 'amount=double(value.amount)', '--as-subject', `${orders}-value`);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/The transform cannot fix 1 selected record\(s\), which would go back unfixed — first, record 0:2: amount: /);
    expect(floe('--when', 'true').stderr).toContain('--when, --as-subject and --changed-only go with --set path=EXPR or --remove path');
  }, 120_000);
});
