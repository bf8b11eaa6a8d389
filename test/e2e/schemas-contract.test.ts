// Journey: a subject whose topic holds records, its data contract edited in the Schemas room, its rules tested
// over the topic's newest records (Confluent's executors), the failing records read with the fields the rule read,
// and what a transform made of each record.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pythonProduce } from '../integration/python-kafka';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const lab = inject('lab');
const topic = `e2e-contract-${Date.now().toString(36)}`;
const subject = `${topic}-value`;
const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
let app: BrowserMode;

const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'email', type: 'string' },
  ],
});
/** A contract file as an engineer keeps it: YAML, the schema inline as a block. */
const contract = (amountExpr: string) => `subject: ${subject}
schemaType: AVRO
schema: |
  ${SCHEMA}
ruleSet:
  domainRules:
    - name: amount-positive
      kind: CONDITION
      mode: WRITE
      type: CEL
      expr: ${amountExpr}
      onFailure: DLQ
    - name: email-has-at
      kind: CONDITION
      mode: WRITE
      type: CEL
      expr: message.email.contains("@")
    - name: mask-email
      kind: TRANSFORM
      mode: WRITE
      type: CEL_FIELD
      expr: name == "email" ; "***"
`;

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const orders = [
    { id: 1, amount: 12.5, email: 'a@shop.com' },
    { id: 2, amount: -3.5, email: 'b@shop.com' },
    { id: 3, amount: 7, email: 'not-an-email' },
    { id: 4, amount: -1, email: 'd@shop.com' },
  ];
  pythonProduce(lab, topic, orders.map((value) => ({ key: String(value.id), value, format: 'avro' })), { schemas: { avro: SCHEMA } });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  for (const q of ['', '?permanent=true']) await fetch(`${lab.registry!.url}/subjects/${subject}${q}`, { method: 'DELETE' }).catch(() => undefined);
});

/** Opens a contract file, as an engineer opens the one kept in their repository. */
async function openContract(text: string, marker = 'amount-positive') {
  await app.page.getByTestId('contract-file').setInputFiles({ name: 'orders.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect.poll(() => app.page.getByTestId('contract-editor').textContent()).toContain(marker);
}

describe.skipIf(!lab.registry)('data contract', () => {
  it('tests a contract’s rules over the topic’s records and lists the failing ones', async () => {
    const { page } = app;
    await page.getByTestId('nav-schemas').click();
    await page.getByTestId('subject-search').fill(subject);
    await page.locator(`[data-testid=subject-row][data-subject="${subject}"]`).click();
    await page.getByTestId('subject-tab-contract').click();
    // The lab's registry drops ruleSets: the room says so, and the contract is tested from its text.
    await page.getByTestId('contract-not-stored').waitFor();
    expect(await page.getByTestId('rules-topic').inputValue()).toBe(topic);

    await openContract(contract('message.amount > 0.0'));
    await page.getByTestId('rules-test').click();
    const summary = page.getByTestId('rule-summary');
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/amount-positive.*CEL.*WRITE\s*4\s*2\s*2\s*0.*on failure DLQ/);
    expect(await summary.textContent()).toMatch(/email-has-at.*WRITE\s*4\s*3\s*1\s*0/);
    expect(await page.getByTestId('rule-verdict').textContent()).toMatch(/^3 problem\(s\) · 4 record\(s\) read, 4 decoded with this schema/);
    const failures = await page.getByTestId('rule-failures').locator('tbody tr').allTextContents();
    expect(failures).toEqual([
      expect.stringMatching(/^amount-positive0\/1failedamount = -3\.5Expr failed: 'message\.amount > 0\.0'/),
      expect.stringMatching(/^amount-positive0\/3failedamount = -1Expr failed/),
      expect.stringMatching(/^email-has-at0\/2failedemail = "not-an-email"Expr failed/),
    ]);
    // What the transform made of each record: the field it changed, before and after.
    expect(await summary.textContent()).toMatch(/mask-email.*CEL_FIELD transform.*WRITE\s*4\s*4\s*0\s*0\s*4 record\(s\) changed/);
    expect(await page.getByTestId('rule-transforms').locator('tbody tr').allTextContents()).toEqual([
      'mask-email0/0email: "a@shop.com" → "***"',
      'mask-email0/1email: "b@shop.com" → "***"',
      'mask-email0/2email: "not-an-email" → "***"',
      'mask-email0/3email: "d@shop.com" → "***"',
    ]);
    await app.screenshot('schemas-contract-rules');
    await page.getByTestId('rule-transforms').scrollIntoViewIfNeeded();
    await app.screenshot('schemas-contract-transforms');

    // A rule whose CEL does not compile is marked invalid, by name.
    await openContract(contract('message.amount >'));
    await page.getByTestId('rules-test').click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/amount-positive.*invalid: its CEL does not compile: 1:16/);

    // Pasted records, no topic: the same rules, records named by their place in the paste.
    await page.getByTestId('rules-from').selectOption('json');
    await page.getByTestId('rules-pasted').fill('{"id": 9, "amount": 1, "email": "x"}\n{"id": 10, "amount": "lots", "email": "y@z"}');
    await page.getByTestId('rules-test').click();
    await expect.poll(() => page.getByTestId('rule-undecodable').textContent(), { timeout: 30_000 }).toMatch(/#1/);
    expect(await page.getByTestId('rule-failures').textContent()).toMatch(/email-has-at#0failed/);
    await app.screenshot('schemas-contract-pasted');
  });

  it('runs a DOWNGRADE rule for a consumer still on version 1, over the records written with version 2', async () => {
    const { page } = app;
    // Version 2 adds a currency; two records are written with it.
    const v2 = SCHEMA.replace('"fields":[', '"fields":[{"name":"currency","type":"string","default":"USD"},');
    pythonProduce(lab, topic, [5, 6].map((id) => ({ key: String(id), value: { id, amount: 10, email: 'e@shop.com', currency: 'EUR' }, format: 'avro' })), { schemas: { avro: v2 } });
    await page.getByTestId('back-to-schemas').click(); // the subject page again, with its new version
    await page.getByTestId('subject-search').fill(subject);
    await page.locator(`[data-testid=subject-row][data-subject="${subject}"]`).click();
    await page.getByTestId('subject-tab-contract').click();
    await openContract(`subject: ${subject}
schemaType: AVRO
schema: |
  ${v2}
ruleSet:
  migrationRules:
    - name: drop-currency
      kind: TRANSFORM
      mode: DOWNGRADE
      type: JSONATA
      expr: '$sift($, function($v, $k) {$k != "currency"})'
`,
      'drop-currency',
    );
    const summary = page.getByTestId('rule-summary');
    await page.getByTestId('rules-test').click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/not run: a DOWNGRADE migration runs for a consumer that reads with an older version: choose a reader version older than 2/);
    await page.getByTestId('rules-reader-version').selectOption('1');
    await page.getByTestId('rules-test').click();
    await expect.poll(() => summary.textContent(), { timeout: 30_000 }).toMatch(/drop-currency.*DOWNGRADE\s*2\s*2\s*0\s*0.*4 record\(s\) of a version it does not migrate · 2 record\(s\) changed/);
    expect(await page.getByTestId('rule-transforms').locator('tbody tr').allTextContents()).toEqual([
      'drop-currency0/4currency: "EUR" → (absent)',
      'drop-currency0/5currency: "EUR" → (absent)',
    ]);
    await page.getByTestId('rule-transforms').scrollIntoViewIfNeeded();
    await app.screenshot('schemas-contract-downgrade');
  });
});
