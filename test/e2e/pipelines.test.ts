// Journey: records in a lab topic (one of them undecodable), a landing job made through the New landing form (its
// checks, then the core's own refusal of a second job on the same table), rows landing live, the per-partition
// offsets, "did offset X of partition P land, in which snapshot?", the dead letter in the messages room, the table in
// the Tables room, then stop and delete (typing the name).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { exactProducer } from '../integration/exact-producer';

const lab = inject('lab');
const run = Date.now().toString(36);
const topic = `e2e-land-${run}`;
const dlq = `${topic}.floe-dlq`;
const job = `land-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'floe-e2e-land-'));
const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const producer = exactProducer(kafka);
let app: BrowserMode;

/** Kafka Connect JSON with its schema, as a JsonConverter with schemas.enable writes it. */
const order = (id: number) =>
  JSON.stringify({
    schema: { type: 'struct', name: 'order', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }, { field: 'item', type: 'string', optional: false }] },
    payload: { id, item: `item-${id}` },
  });
const orders = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ partition: (from + i) % 2, value: order(from + i) }));

beforeAll(async () => {
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  // 40 orders, 20 per partition; then, at partition 0's offset 20, the registry's wire format with a schema id it does not know.
  await producer.send({ topic, messages: orders(0, 40) });
  await producer.send({ topic, messages: [{ partition: 0, value: Buffer.from('00000f423fff', 'hex') }] });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

/** The text of one labelled value on the job page. */
const text = async (page: BrowserMode['page'], testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

/** The job page's partition rows: partition, topic end, committed into the table, lag. */
const partitionRows = async (page: BrowserMode['page']) => Promise.all((await page.getByTestId('job-partition').all()).map(async (r) => (await r.locator('td').allTextContents()).slice(0, 4)));

describe('pipelines', () => {
  it('lands a topic through the New landing form, answers where an offset landed, links to its table and dead letters, stops and deletes', async () => {
    const { page } = app;
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('new-landing').click();

    // Checked as the core checks it, each problem by its field.
    await page.getByTestId('land-create-start').click();
    expect(await text(page, 'problem-land-topic')).toBe('Pick the topic to land');
    expect(await text(page, 'problem-land-catalogPath')).toBe('Enter the path of the SQL catalog’s SQLite file');
    expect(await text(page, 'problem-land-table')).toBe('Name the table as namespace.table, e.g. db.events');
    await page.getByTestId('land-topic').fill(topic);
    await expect.poll(() => page.locator('#land-topics option').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator(`#land-topics option[value="${topic}"]`).count()).toBe(1); // the picker lists it
    expect(await page.getByTestId('land-name').inputValue()).toBe(topic); // named after the topic until typed
    await page.getByTestId('land-catalogPath').fill(join(dir, 'catalog.db'));
    await page.getByTestId('land-warehouse').fill(join(dir, 'warehouse'));
    await page.getByTestId('land-table').fill('e2e.orders');
    await page.getByTestId('land-commitSeconds').fill('0.1');
    expect(await text(page, 'problem-land-commitSeconds')).toBe('The commit interval is 0.2 s to 1 hour');
    await page.getByTestId('land-commitSeconds').fill('1');
    await page.getByTestId('land-badRecords').selectOption('dead-letter');
    expect(await page.getByTestId('land-deadLetterTopic').getAttribute('placeholder')).toBe(dlq);
    await page.getByTestId('land-name').fill(job);
    expect(await page.locator('.land-form .problem').count()).toBe(0);
    await app.screenshot('pipelines-new-landing');
    await page.getByTestId('land-create-start').click();

    // The job page: rows land, every partition's end offset beside the offset committed into the table.
    await expect.poll(() => text(page, 'job-title'), { timeout: 15_000 }).toBe(job);
    await expect.poll(() => text(page, 'job-landed'), { timeout: 60_000 }).toBe('40 record(s) since started');
    expect(await text(page, 'job-mode')).toBe('append (from the topic)');
    await expect.poll(() => partitionRows(page), { timeout: 30_000 }).toEqual([
      ['0', '21', '21', '0'],
      ['1', '20', '20', '0'],
    ]);
    expect(await text(page, 'job-errors')).toBe('decode 1 · dead-lettered 1');
    expect(await text(page, 'job-last-commit')).toMatch(/^\d+ · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC · \d+ records? · \d+ files?$/);

    // Live: more records arrive while the page is open.
    await producer.send({ topic, messages: orders(40, 20) });
    await expect.poll(() => text(page, 'job-landed'), { timeout: 60_000 }).toBe('60 record(s) since started');
    await expect.poll(() => partitionRows(page), { timeout: 30_000 }).toEqual([
      ['0', '31', '31', '0'],
      ['1', '30', '30', '0'],
    ]);
    expect(await text(page, 'job-lag')).toBe('caught up');
    // Lag over time: the core's samples (one per 10 s), the newest caught up.
    const lagChart = page.getByTestId('lag-records-chart').locator('svg');
    await expect.poll(() => lagChart.count(), { timeout: 40_000 }).toBe(1);
    await expect.poll(() => lagChart.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^Lag \(records\): 0 records now, at most /);
    expect(await page.getByTestId('lag-seconds-chart').locator('svg').count()).toBe(1);

    // Did offset 3 of partition 1 land, and in which snapshot? And an offset the topic does not have yet.
    await page.getByTestId('job-partition').nth(1).getByRole('button', { name: 'Where…' }).click();
    await page.getByTestId('where-offset').fill('3');
    await page.getByTestId('where-ask').click();
    const answer = page.getByTestId('where-answer');
    await expect.poll(() => answer.getAttribute('data-landed'), { timeout: 15_000 }).toBe('true');
    const snapshot = await text(page, 'where-snapshot');
    expect(snapshot).toMatch(/^\d+$/);
    expect(await answer.textContent()).toContain(`Offset 3 of partition 1 landed in snapshot ${snapshot} (`);
    await app.screenshot('pipelines-job');
    await page.getByTestId('where-offset').fill('1,000');
    await page.getByTestId('where-ask').click();
    await expect.poll(() => answer.getAttribute('data-landed')).toBe('false');
    expect(await answer.textContent()).toContain('Offset 1000 of partition 1 has not landed yet (landed up to offset 29)');
    await page.getByTestId('where-offset').fill('three');
    await page.getByTestId('where-ask').click();
    expect(await text(page, 'where-problem')).toBe('Enter an offset: a whole number ≥ 0, e.g. 1,093');

    // The list: state, mode, source → target, lag, last commit, bad records.
    await page.getByTestId('back-to-pipelines').click();
    const row = page.locator(`[data-testid=job-row][data-job="${job}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([job, 'running', 'append (from the topic)', `${topic} → e2e.orders`, 'caught up']);
    expect(cells[7]).toBe('decode 1 · dead-lettered 1');
    await app.screenshot('pipelines-list');

    // A second job on the same table: the core refuses it, by the table field.
    await page.getByTestId('new-landing').click();
    await page.getByTestId('land-topic').fill(topic);
    await page.getByTestId('land-catalogPath').fill(join(dir, 'catalog.db'));
    await page.getByTestId('land-warehouse').fill(join(dir, 'warehouse'));
    await page.getByTestId('land-table').fill('e2e.orders');
    await page.getByTestId('land-name').fill(`${job}-twin`);
    await page.getByTestId('land-create').click();
    await expect.poll(() => text(page, 'problem-land-table')).toBe(`Job "${job}" already lands into e2e.orders: two jobs on one table would fight over its rows`);
    await page.getByTestId('back-to-pipelines').click();

    // The dead letter opens in the messages room.
    await row.click();
    await page.getByTestId('job-dlq-link').click();
    await expect.poll(() => text(page, 'topic-title')).toBe(dlq);
    await expect.poll(() => page.getByTestId('record-row').count(), { timeout: 15_000 }).toBe(1);
    await app.screenshot('pipelines-dead-letter');
    // …and in the Dead letters room, grouped by cause.
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('job-dlq-triage').click();
    await expect.poll(() => page.getByTestId('dlq-group').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('dlq-group').textContent()).toContain('unknown schema id');
    await app.screenshot('pipelines-dead-letter-triage');

    // The table opens in the Tables room: 60 rows, and the where-answer's snapshot in its history.
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('job-table-link').click();
    await expect.poll(() => text(page, 'preview-meta'), { timeout: 20_000 }).toMatch(/^60 row\(s\)/);
    await app.screenshot('pipelines-table');
    await page.getByTestId('table-tab-snapshots').click();
    expect((await page.getByTestId('snapshot-row').allTextContents()).some((t) => t.startsWith(snapshot))).toBe(true);

    // Ctrl+P finds the job by name; then stop it, and delete it after typing the name.
    await page.getByTestId('open-palette').click();
    await page.getByTestId('palette-input').fill(job);
    expect(await page.getByTestId('palette-item').first().textContent()).toContain(`landing job ${topic} → e2e.orders`);
    await page.getByTestId('palette-input').press('Enter');
    await expect.poll(() => text(page, 'job-title')).toBe(job);
    await page.getByTestId('job-stop').click();
    await expect.poll(() => text(page, 'job-state'), { timeout: 30_000 }).toBe('stopped');
    await page.getByTestId('job-delete').click();
    await page.getByTestId('confirm-name-input').fill(job);
    await page.getByTestId('confirm-name').click();
    await expect.poll(() => row.count()).toBe(0);
    await app.screenshot('pipelines-after-delete');
  });

  it('a bad record pauses a suspend job: the list and the job page name the record and the cause', async () => {
    const { page } = app;
    await page.reload(); // a fresh window: the jobs run on in the core
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('new-landing').click();
    await page.getByTestId('land-topic').fill(topic);
    await page.getByTestId('land-catalogPath').fill(join(dir, 'catalog.db'));
    await page.getByTestId('land-warehouse').fill(join(dir, 'warehouse'));
    await page.getByTestId('land-table').fill('e2e.suspended');
    await page.getByTestId('land-mode').selectOption('append');
    await page.getByTestId('land-commitSeconds').fill('1');
    await page.getByTestId('land-name').fill(`${job}-suspend`);
    await page.getByTestId('land-create-start').click();

    // Suspend (the default): the job stops at partition 0's offset 20, the record the registry has no schema for.
    await expect.poll(() => text(page, 'job-state'), { timeout: 60_000 }).toBe('paused');
    const banner = await text(page, 'job-reason-banner');
    expect(banner).toMatch(new RegExp(`^Paused: .*${topic}/0 offset 20 .*unknown schema id 999999`));
    expect(await text(page, 'job-mode')).toBe('append');
    // Where each partition stopped: partition 0 before the bad record (what follows it waits); the end offsets read when it paused.
    const rows = await partitionRows(page);
    expect(rows.map((r) => r[0])).toEqual(['0', '1']);
    expect(rows[0]![2]).toBe('20');
    expect(Number(rows[0]![1])).toBeGreaterThan(20);
    for (const [, end, committed, lag] of rows) expect(Number(lag)).toBe(Number(end) - Number(committed));
    const lag = rows.reduce((n, r) => n + Number(r[3]), 0);
    expect(await text(page, 'job-lag')).toBe(`${lag} records`);
    expect(await text(page, 'job-throughput')).toBe('—');
    expect(await page.getByTestId('job-start').isEnabled()).toBe(true);
    await page.getByTestId('theme-toggle').click();
    await app.screenshot('pipelines-paused-dark');
    await page.getByTestId('theme-toggle').click();

    await page.getByTestId('back-to-pipelines').click();
    const row = page.locator(`[data-testid=job-row][data-job="${job}-suspend"]`);
    expect(await row.getByTestId('job-state').textContent()).toBe('paused');
    expect(await row.getByTestId('job-reason').textContent()).toContain(`${topic}/0 offset 20`);
    await app.screenshot('pipelines-list-paused');
  });
});
