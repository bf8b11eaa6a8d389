// Journey: in the SQL room, complete a table name and a snapshot with Ctrl+Space, insert names from the schema
// sidebar, leave the room and come back (tabs, texts and results kept), reload (texts kept).
import { beforeAll, describe, expect, it } from 'vitest';
import { addCatalog, expectEditorText, lakeJourney, typeSql } from './lake-steps';

const journey = lakeJourney();
beforeAll(() => addCatalog(journey.app.page, journey.oracle, 'oracle'));

describe('SQL editor', () => {
  it('completes a partial table name on Ctrl+Space and runs the accepted query', async () => {
    const { page } = journey.app;
    await page.getByTestId('nav-sql').click();
    expect(await page.getByTestId('sql-catalog').locator('option:checked').textContent()).toBe('oracle');
    await typeSql(page, 'SELECT count(*) AS n FROM db.ev');
    // Whatever opened while typing is closed first: Ctrl+Space alone must open the list.
    const widget = page.locator('.suggest-widget');
    await page.keyboard.press('Escape');
    await expect.poll(() => widget.isVisible()).toBe(false);
    await page.keyboard.press('Control+Space');
    const row = widget.locator('.monaco-list-row', { hasText: 'db.events' }).first();
    await row.waitFor();
    // The label is laid out inside its row (an app-wide .main rule once stacked it below the row, out of sight).
    const [rowBox, labelBox] = [await row.boundingBox(), await row.locator('.label-name').boundingBox()];
    expect(labelBox!.y).toBeGreaterThanOrEqual(rowBox!.y);
    expect(labelBox!.y + labelBox!.height).toBeLessThanOrEqual(rowBox!.y + rowBox!.height + 1);
    await journey.app.screenshot('sql-completion-table');
    await page.keyboard.press('Enter');
    await expectEditorText(page, 'SELECT count(*) AS n FROM db.events');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('sql-meta').textContent(), { timeout: 20_000 }).toMatch(/^1 row\(s\)/);
    expect(await page.getByTestId('sql-grid').getByTestId('result-row').first().textContent()).toContain(String(journey.events.snapshots.at(-1)!.rows.length));
  });

  it('completes a snapshot after table@ and queries it in a second tab', async () => {
    const { page } = journey.app;
    await page.getByTestId('sql-tab-new').click();
    expect(await page.getByTestId('sql-tab').count()).toBe(2);
    const first = journey.events.snapshots[0]!;
    await typeSql(page, `SELECT count(*) AS n FROM db.events@${first.snapshotId.slice(0, 6)}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget .monaco-list-row', { hasText: first.snapshotId });
    await row.first().waitFor();
    await journey.app.screenshot('sql-completion-snapshot');
    await page.keyboard.press('Enter');
    await expectEditorText(page, `SELECT count(*) AS n FROM db."events@${first.snapshotId}"`);
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('sql-grid').getByTestId('result-row').first().textContent(), { timeout: 20_000 }).toContain(String(first.rows.length));
  });

  it('shows catalogs, namespaces, tables and typed columns in the sidebar, and inserts a clicked name', async () => {
    const { page } = journey.app;
    const sidebar = page.getByTestId('sql-schema');
    const table = sidebar.locator('[data-testid=schema-table][data-name="db.events"]');
    await table.getByTestId('schema-table-toggle').click();
    const category = table.getByTestId('schema-column').filter({ hasText: /^category$/ });
    await category.waitFor();
    expect(await table.locator('.schema-type').allTextContents()).toContain('string');
    await sidebar.locator('[data-testid=schema-table][data-name="db.legacy"]').getByTestId('schema-table-toggle').click();
    await sidebar.getByText('double').first().waitFor();
    await journey.app.screenshot('sql-schema-sidebar');

    await page.getByTestId('sql-tab-new').click();
    await typeSql(page, 'SELECT ');
    await category.click();
    await page.keyboard.type(', count(*) FROM ');
    await table.getByTestId('schema-table-name').click();
    await page.keyboard.type(' GROUP BY 1 ORDER BY 1');
    await expectEditorText(page, 'SELECT category, count(*) FROM db.events GROUP BY 1 ORDER BY 1');
  });

  it('keeps tabs, texts and results across rooms, and the texts across a reload', async () => {
    const { page } = journey.app;
    const tabs = page.getByTestId('sql-tab');
    await tabs.nth(0).click();
    await expectEditorText(page, 'SELECT count(*) AS n FROM db.events');
    await page.getByTestId('nav-tables').click();
    await page.getByTestId('nav-sql').click();
    expect(await tabs.count()).toBe(3);
    expect(await tabs.nth(0).getAttribute('aria-selected')).toBe('true');
    await expectEditorText(page, 'SELECT count(*) AS n FROM db.events');
    const firstRow = () => page.getByTestId('sql-grid').getByTestId('result-row').first().textContent();
    await expect.poll(firstRow).toContain(String(journey.events.snapshots.at(-1)!.rows.length));
    await tabs.nth(1).click();
    await expect.poll(firstRow).toContain(String(journey.events.snapshots[0]!.rows.length));

    await tabs.nth(2).click();
    await page.reload();
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-editor').locator('.monaco-editor').waitFor();
    expect(await tabs.count()).toBe(3);
    expect(await tabs.nth(2).getAttribute('aria-selected')).toBe('true');
    await expectEditorText(page, 'SELECT category, count(*) FROM db.events GROUP BY 1 ORDER BY 1');
    await tabs.nth(1).click();
    await expectEditorText(page, `SELECT count(*) AS n FROM db."events@${journey.events.snapshots[0]!.snapshotId}"`);

    // Closing a tab forgets it, after a reload too.
    await page.getByTestId('sql-tab-close').nth(1).click();
    expect(await tabs.count()).toBe(2);
    await page.reload();
    await page.getByTestId('nav-sql').click();
    expect(await page.getByTestId('sql-tab').count()).toBe(2);
    await journey.app.screenshot('sql-tabs-restored');
  });
});
