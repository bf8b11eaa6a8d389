// Journey in the Connect room: a Debezium PostgreSQL source made from the New connector form against the
// lab's PostgreSQL. The plugin refuses a wrong port beside the form's fields and nothing is created; with
// the port fixed the connector is created and runs, its snapshot reaches Kafka; stopped, its offsets are
// reset with its name typed again.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConnectRest, deleteTopics, labWithCdc, readTopic, type CdcLab } from '../integration/connect-fixtures';
import { startCore } from '../integration/core-session';
import { createCdcTable, dropCdcTable, psql } from '../integration/postgres-fixtures';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const suffix = `e2e${Date.now().toString(36)}`;
const cdc = { table: `people_${suffix}`, publication: `pub_${suffix}`, slot: `slot_${suffix}`, topicPrefix: `form_${suffix}` };
const topic = `${cdc.topicPrefix}.public.${cdc.table}`;
const name = `pg-form-${suffix}`;
let lab: CdcLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;
let app: BrowserMode;

beforeAll(async () => {
  lab = await labWithCdc(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
  await createCdcTable(lab.postgres, cdc, 'id int PRIMARY KEY, name text NOT NULL');
  await psql(lab.postgres, `INSERT INTO public.${cdc.table} VALUES (1, 'Ada'), (2, 'Brian');`);
  app = await openBrowserMode(lab.home);
}, 600_000);

afterAll(async () => {
  await app?.close();
  await rest?.delete(name).catch(() => undefined);
  if (lab) {
    await dropCdcTable(lab.postgres, cdc);
    await deleteTopics(lab, [topic]);
  }
  await core?.close();
});

describe('a Debezium PostgreSQL source from the form', () => {
  it('is refused on a wrong port, created once fixed, runs, and its offsets are reset after a stop', async () => {
    const { page } = app;
    const pg = lab.postgres;
    await page.getByTestId('nav-connect').click();
    await page.getByTestId('connect-new').click();
    await page.getByTestId('debezium-form').waitFor();
    await page.getByTestId('dbz-name').fill(name);
    await page.getByTestId('dbz-hostname').fill(pg.host);
    await page.getByTestId('dbz-port').fill(String(pg.port + 1));
    await page.getByTestId('dbz-database').fill(pg.database);
    await page.getByTestId('dbz-user').fill(pg.user);
    await page.getByTestId('dbz-password').fill(lab.connect.secretRefs.postgresPassword);
    await page.getByTestId('dbz-topicPrefix').fill(cdc.topicPrefix);
    await page.getByTestId('dbz-tables').fill(cdc.table);
    await page.getByTestId('dbz-slotName').fill(cdc.slot);
    await page.getByTestId('dbz-publicationName').fill(cdc.publication);
    await page.getByTestId('dbz-publicationAutocreate').selectOption('disabled');
    await page.getByTestId('dbz-topicReplicationFactor').fill('1');

    // Debezium checks the connection while it validates: the wrong port is said beside a field, nothing is created.
    await page.getByTestId('new-create').click();
    const fieldError = page.getByTestId('dbz-field-error').first();
    await fieldError.waitFor({ timeout: 60_000 });
    expect(await fieldError.textContent()).toMatch(/connect|refused/i);
    expect(await rest.names()).not.toContain(name);
    await app.screenshot('connect-debezium-refused');

    await page.getByTestId('dbz-port').fill(String(pg.port));
    await page.getByTestId('new-validate').click();
    await expect.poll(() => page.getByTestId('config-validation').textContent(), { timeout: 60_000 }).toMatch(/finds no error/);
    await page.getByTestId('new-create').click();
    await expect.poll(() => page.getByTestId('connector-title').textContent(), { timeout: 60_000 }).toBe(name);
    await expect.poll(() => page.getByTestId('connector-state').textContent(), { timeout: 60_000 }).toBe('RUNNING');
    const stored = await rest.request<Record<string, string>>('GET', `/connectors/${name}/config`);
    expect(stored).toMatchObject({ 'database.port': String(pg.port), 'table.include.list': `public.${cdc.table}`, 'database.password': lab.connect.secretRefs.postgresPassword });
    const snapshot = await readTopic(core, topic, { atLeast: 2 });
    expect(snapshot.map((r) => (JSON.parse(String(r.value.value)) as { after: { name: string } }).after.name)).toEqual(['Ada', 'Brian']);
    await page.locator('[data-testid=connector-offsets]').waitFor({ timeout: 30_000 });
    await app.screenshot('connect-debezium-running');

    expect(await page.getByTestId('connector-reset-offsets').isDisabled()).toBe(true);
    await page.getByTestId('connector-stop').click();
    await expect.poll(() => page.getByTestId('connector-state').textContent(), { timeout: 30_000 }).toBe('STOPPED');
    await expect.poll(() => page.getByTestId('connector-reset-offsets').isDisabled(), { timeout: 30_000 }).toBe(false);
    await page.getByTestId('connector-reset-offsets').click();
    await page.getByTestId('confirm-name-input').fill(name);
    await page.getByTestId('confirm-name').click();
    await page.getByTestId('connector-no-offsets').waitFor({ timeout: 30_000 });
    expect((await rest.request<{ offsets: unknown[] }>('GET', `/connectors/${name}/offsets`)).offsets).toEqual([]);
  }, 300_000);
});
