import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RuleTestReport } from '../../../shared/model/contracts';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'floe-contract-cli-'));
const env = { ...process.env, FLOE_HOME: join(dir, 'home'), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
const topic = `contract-cli-${Date.now().toString(36)}`;
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();

const fields = [
  { name: 'id', type: 'long' },
  { name: 'amount', type: 'double' },
];
const SCHEMA = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields });
const contract = (name: string, body: string) => {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
};
// The schema sits in its own file next to the contract, as a team keeps it in a repository.
writeFileSync(join(dir, 'order.avsc'), SCHEMA);
const rules = (expr: string) => `schemaType: AVRO
schemaFile: order.avsc
ruleSet:
  domainRules:
    - name: amount-positive
      kind: CONDITION
      mode: WRITE
      type: CEL
      expr: ${JSON.stringify(expr)}
      onFailure: DLQ
`;

describe.skipIf(!lab.registry)('floe contract test', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    pythonProduce(lab, topic, [12.5, -3.5, 7].map((amount, id) => ({ key: String(id), value: { id, amount }, format: 'avro' })), { schemas: { avro: SCHEMA } });
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('exits 1 and names the record, rule and field when a record breaks a rule; 0 when every record passes', () => {
    const failing = floe('contract', 'test', contract('failing.yaml', rules('message.amount > 0.0')), '--topic', topic, '--last', '10');
    expect(failing.status, failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(/3 record\(s\) read from the topic, 3 decoded with the contract's schema/);
    expect(failing.stdout).toMatch(/amount-positive\s+CEL\s+WRITE\s+3\s+2\s+1\s+0\s+on failure: DLQ/);
    expect(failing.stdout).toMatch(/amount-positive failed at 0\/1: Expr failed: 'message.amount > 0.0' \(amount=-3.5\)/);
    expect(failing.stdout).toMatch(/contract FAILED$/m);

    const passing = floe('contract', 'test', contract('passing.yaml', rules('message.amount > -10.0')), '--topic', topic, '--json');
    expect(passing.status, passing.stderr).toBe(0);
    expect(JSON.parse(passing.stdout)).toMatchObject({ passed: true, subject: `${topic}-value`, compatibility: { compatible: true }, rules: { rules: [{ name: 'amount-positive', passed: 3 }] } });
  });

  it('shows what a transform made of each record it changed, in text and --json', () => {
    const transform = `schemaType: AVRO
schemaFile: order.avsc
ruleSet:
  domainRules:
    - name: round-down
      kind: TRANSFORM
      mode: WRITE
      type: JSONATA
      expr: '$merge([$, {"amount": $floor(amount)}])'
`;
    const text = floe('contract', 'test', contract('transform.yaml', transform), '--topic', topic, '--last', '10');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/round-down\s+JSONATA\s+WRITE\s+3\s+3\s+0\s+0\s+2/);
    expect(text.stdout).toMatch(/round-down changed 0\/0: amount 12\.5 -> 12$/m);
    expect(text.stdout).toMatch(/round-down changed 0\/1: amount -3\.5 -> -4$/m);
    const json = JSON.parse(floe('contract', 'test', contract('transform.yaml', transform), '--topic', topic, '--json').stdout) as { rules: RuleTestReport };
    expect(json.rules.rules[0]).toMatchObject({ name: 'round-down', changed: 2 });
    expect(json.rules.transforms).toEqual([
      { rule: 'round-down', partition: 0, offset: 0, changes: [{ path: 'amount', before: 12.5, after: 12 }] },
      { rule: 'round-down', partition: 0, offset: 1, changes: [{ path: 'amount', before: -3.5, after: -4 }] },
    ]);
  });

  it('exits 1 when the schema is incompatible with the subject’s latest version, or a rule does not compile', () => {
    expect(floe('schema', 'config', `${topic}-value`, '--level', 'backward').status).toBe(0);
    writeFileSync(join(dir, 'breaking.avsc'), JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }] }));
    const breaking = floe('contract', 'test', contract('breaking.yaml', 'schemaFile: breaking.avsc\n'), '--topic', topic, '--json');
    expect(breaking.status, breaking.stderr).toBe(1);
    const report = JSON.parse(breaking.stdout) as { passed: boolean; compatibility: { compatible: boolean }; rules: { records: { decoded: number } } };
    expect(report).toMatchObject({ passed: false, compatibility: { compatible: false } });
    expect(report.rules.records.decoded).toBe(0);

    const broken = floe('contract', 'test', contract('broken.yaml', rules('message.amount >')), '--topic', topic);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/INVALID: its CEL does not compile: 1:16/);
  });

  it('refuses a contract file that is not valid, naming the place (exit 2)', () => {
    const bad = floe('contract', 'test', contract('bad.yaml', 'schemaFile: order.avsc\nrulez: []\n'), '--topic', topic);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^floe: bad.yaml: \(top level\): unknown key rulez/);
    expect(floe('contract', 'test', join(dir, 'missing.yaml'), '--topic', topic).stderr).toMatch(/Cannot read contract file .*missing.yaml/);
    expect(floe('contract', 'test', contract('ok.yaml', rules('true'))).stderr).toMatch(/contract test needs --topic/);
    expect(floe('contract', 'run').stderr).toMatch(/floe contract needs "test"/);
    // DOWNGRADE rules run for a consumer on an older version: one that is not older is refused, by name.
    expect(floe('contract', 'test', contract('ok.yaml', rules('true')), '--topic', topic, '--reader-version', 'x').stderr).toMatch(/--reader-version must be a version number, not "x"/);
    expect(floe('contract', 'test', contract('ok.yaml', rules('true')), '--topic', topic, '--reader-version', '1').stderr).toMatch(/the reader version \(1\) must be older than the tested version \(1\)/);
  });
});
