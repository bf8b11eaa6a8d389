// Journey (issue 13): a table landed in many small commits shows its small files in Health, with Floe suggesting
// compaction; the dry run says what compaction will do; running it drops the data-file count while SQL reads the same
// rows; expiring snapshots then leaves the newest one; a wrong field or a core refusal shows its message; a table
// opened read-only (its metadata file) gets dry runs only.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';
import { addCatalog, typeSql } from './lake-steps';
import { buildSmallFilesTable, CATEGORIES, dropTable, type SmallFilesTable } from './small-files-table';

let app: BrowserMode;
let table: SmallFilesTable;

beforeAll(async () => {
  table = await buildSmallFilesTable(8, 30);
  app = await openBrowserMode(inject('lab').home);
}, 180_000);
afterAll(async () => {
  await app?.close();
});

const health = (page: Page, figure: string) => page.getByTestId(`health-${figure}`).textContent();

/** Every row as one digest, a count and a sum, through the SQL room (its own sandboxed DuckDB, not the maintenance code). */
async function rowsDigest(page: Page): Promise<string> {
  await page.getByTestId('nav-sql').click();
  await page.getByTestId('sql-catalog').selectOption({ label: 'shop' });
  await typeSql(page, "SELECT count(*) AS n, sum(amount) AS total, md5(string_agg(id || ':' || category || ':' || amount, ',' ORDER BY id)) AS digest FROM shop.orders");
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect.poll(() => page.getByTestId('sql-meta').textContent(), { timeout: 30_000 }).toMatch(/^1 row\(s\)/);
  return (await page.getByTestId('sql-grid').getByTestId('result-row').first().textContent()) ?? '';
}

async function openTable(page: Page) {
  await page.getByTestId('nav-tables').click();
  await page.locator('[data-testid=table-node][data-table="shop.orders"]').click();
  await page.getByTestId('table-title').waitFor();
}

describe('table maintenance on the table page', () => {
  it('compacts a table of small files: the dry run says what it will do, the file count drops, the rows stay', async () => {
    const { page } = app;
    await addCatalog(page, table, 'shop');
    const before = await rowsDigest(page);
    expect(before).toContain(String(table.rows));

    await openTable(page);
    await expect.poll(() => page.getByTestId('table-title').locator('xpath=..').textContent()).toContain('8 snapshot(s)');
    await page.getByTestId('table-tab-maintenance').click();
    await expect.poll(() => health(page, 'data-files'), { timeout: 30_000 }).toBe(String(table.files));
    expect(await health(page, 'small-files')).toBe(String(table.files));
    expect(await health(page, 'snapshots')).toBe('8');
    await expect.poll(() => page.getByTestId('health-suggestion').first().getAttribute('data-operation')).toBe('compact');
    expect(await page.getByTestId('maintain-compact').getByText('suggested').count()).toBe(1);

    // A size that is not one is refused by the field, before anything runs.
    await page.getByTestId('compact-target').fill('huge');
    expect(await page.getByTestId('maintain-compact').locator('.problem').textContent()).toMatch(/Target file size: say a size such as 128m/);
    expect(await page.getByTestId('maintain-compact-dry-run').isDisabled()).toBe(true);
    await page.getByTestId('compact-target').fill('64m');

    await page.getByTestId('maintain-compact-dry-run').click();
    const plan = page.getByTestId('maintain-compact-plan');
    await expect.poll(() => plan.getByTestId('maintain-compact-plan-message').textContent(), { timeout: 30_000 }).toMatch(
      new RegExp(`^Would rewrite ${table.files} data files \\(.*\\) in ${CATEGORIES.length} partitions into ${CATEGORIES.length} files of up to 64 MiB`),
    );
    expect(await plan.locator('[data-figure=filesAfter] dd').textContent()).toBe(String(CATEGORIES.length));
    expect(await plan.getByTestId('maintain-compact-plan-removed').locator('summary').textContent()).toBe(`Would remove (${table.files})`);
    // The dry run changed nothing.
    expect(await health(page, 'data-files')).toBe(String(table.files));
    await app.screenshot('maintain-dry-run');

    await page.getByTestId('maintain-compact-confirm').click();
    await expect.poll(() => page.getByTestId('maintain-compact-result-message').textContent(), { timeout: 60_000 }).toMatch(new RegExp(`^Rewrote ${table.files} data files`));
    expect(await page.getByTestId('maintain-compact-plan').count()).toBe(0);
    expect(await page.getByTestId('maintain-compact-not-as-planned').count()).toBe(0); // it did what the dry run said
    // Health, the page head and the Files tab read the table again.
    await expect.poll(() => health(page, 'data-files'), { timeout: 30_000 }).toBe(String(CATEGORIES.length));
    expect(await health(page, 'snapshots')).toBe('9');
    expect(await page.getByTestId('table-title').locator('xpath=..').textContent()).toContain('9 snapshot(s)');
    await app.screenshot('maintain-compacted');
    await page.getByTestId('table-tab-files').click();
    await expect.poll(() => page.getByTestId('files-table').locator('tbody tr').count(), { timeout: 20_000 }).toBe(CATEGORIES.length);
    await page.getByTestId('table-tab-snapshots').click();
    expect(await page.getByTestId('snapshot-row').first().textContent()).toContain('replace');

    expect(await rowsDigest(page)).toBe(before);
  });

  it('expires old snapshots after a dry run, keeps the newest, and says so when the core refuses (the table was dropped meanwhile)', async () => {
    const { page } = app;
    await openTable(page);
    await page.getByTestId('table-tab-maintenance').click();
    await expect.poll(() => health(page, 'snapshots'), { timeout: 30_000 }).toBe('9');

    await page.getByTestId('expire-older-than').fill('0s');
    await page.getByTestId('expire-retain-last').fill('1');
    await page.getByTestId('expire-retain-last').press('Enter'); // Enter in a field is a dry run
    await expect.poll(() => page.getByTestId('maintain-expire-plan-message').textContent(), { timeout: 30_000 }).toMatch(/^Would expire 8 snapshots of shop.orders and \d+ files only they need/);
    await page.getByTestId('maintain-expire-confirm').click();
    await expect.poll(() => page.getByTestId('maintain-expire-result-message').textContent(), { timeout: 30_000 }).toMatch(/^Expired 8 snapshots/);
    await expect.poll(() => health(page, 'snapshots'), { timeout: 30_000 }).toBe('1');
    expect(await page.getByTestId('table-title').locator('xpath=..').textContent()).toContain('1 snapshot(s)');

    // The field keeps the safety age at a minute or more.
    await page.getByTestId('orphans-older-than').fill('30s');
    expect(await page.getByTestId('maintain-orphans').locator('.problem').textContent()).toMatch(/Safety age: at least 1m/);
    await page.getByTestId('orphans-older-than').fill('1m');
    await page.getByTestId('maintain-orphans-dry-run').click();
    await expect.poll(() => page.getByTestId('maintain-orphans-plan-message').textContent(), { timeout: 30_000 }).toMatch(/^No orphan files in shop.orders/);
    expect(await page.getByTestId('maintain-orphans-confirm').count()).toBe(0);
    await app.screenshot('maintain-expired');

    // Another tool drops the table while its page is open: the next dry run says so instead of failing silently.
    await dropTable(table);
    await page.getByTestId('maintain-rewrite-manifests-dry-run').click();
    await expect.poll(() => page.getByTestId('maintain-rewrite-manifests-error').textContent(), { timeout: 30_000 }).toMatch(/Table shop.orders is not in/);
  });

  it('a table opened from its metadata file gets dry runs only: an orphan is named, nothing offers to delete it', async () => {
    const { page } = app;
    // Files a newer snapshot elsewhere may reference would look orphaned to an older metadata file: never removed from here.
    const folder = join(table.warehouse, 'shop.db', 'orders');
    const stray = join(folder, 'data', 'stray.parquet');
    writeFileSync(stray, 'written by another writer');
    const weekAgo = (Date.now() - 7 * 86_400_000) / 1000;
    utimesSync(stray, weekAgo, weekAgo);
    await page.getByTestId('nav-tables').click();
    await page.getByTestId('add-catalog').click();
    await page.getByTestId('catalog-kind').selectOption('metadata');
    await page.getByTestId('catalog-path').fill(folder);
    await page.getByTestId('catalog-label').fill('orders-file');
    await page.getByTestId('catalog-add').click();
    await page.locator('[data-testid=table-node][data-table="orders"]').click();
    await page.getByTestId('table-tab-maintenance').click();
    await page.getByTestId('maintain-read-only').waitFor();
    await page.getByTestId('orphans-older-than').fill('1d');
    await page.getByTestId('maintain-orphans-dry-run').click();
    await expect.poll(() => page.getByTestId('maintain-orphans-plan-message').textContent(), { timeout: 30_000 }).toMatch(/^Would remove 1 orphan file/);
    expect(await page.getByTestId('maintain-orphans-confirm').count()).toBe(0);
    expect(existsSync(stray)).toBe(true);
    await app.screenshot('maintain-read-only');
    await page.getByTestId('theme-toggle').click();
    await app.screenshot('maintain-read-only-dark');
  });
});
