// Journey: add a pyiceberg SQL catalog, open a table, preview the current and an older snapshot,
// compare two snapshots, then query in the SQL room (and see the sandbox refuse a file outside Floe's folders, and a
// time limit stop a long query).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addCatalog, expectEditorText, lakeJourney, typeSql } from './lake-steps';

const journey = lakeJourney();

describe('tables and SQL', () => {
  it('adds a catalog, previews snapshots and diffs two of them', async () => {
    const { page } = journey.app;
    await addCatalog(page, journey.oracle, 'oracle');
    await page.locator('[data-testid=table-node][data-table="db.events"]').click();
    await page.getByTestId('table-title').waitFor();

    const current = journey.events.snapshots.at(-1)!;
    const rows = page.getByTestId('result-row');
    await expect.poll(() => page.getByTestId('preview-meta').textContent(), { timeout: 20_000 }).toMatch(/^100 row\(s\)/);
    expect(await rows.count()).toBeGreaterThan(0);
    // The preview says how many rows the whole snapshot holds (from its summary), not only how many it shows.
    expect(await page.getByTestId('preview-meta').textContent()).toContain(`the snapshot holds ${current.rows.length.toLocaleString('en-US')} row(s)`);

    const first = journey.events.snapshots[0]!;
    await page.getByTestId('preview-snapshot').selectOption(first.snapshotId);
    await page.getByTestId('preview-meta').filter({ hasText: `${first.rows.length} row(s)` }).waitFor();
    expect(await page.getByTestId('preview-meta').textContent()).toContain(`the snapshot holds ${first.rows.length} row(s)`);
    await page.getByTestId('preview-snapshot').selectOption('');
    await page.getByTestId('preview-filter').fill("category = 'b' AND ts >= '2024-02-10T00:00:00'");
    await page.getByTestId('preview-filter').press('Enter');
    // Partitioned by day and category: other days' and categories' files are skipped.
    const filesRead = async () => {
      const m = /(\d+) of (\d+) data files read/.exec((await page.getByTestId('preview-meta').textContent()) ?? '');
      return m ? Number(m[1]) / Number(m[2]) : 1;
    };
    await expect.poll(filesRead, { timeout: 20_000 }).toBeLessThan(1);
    await journey.app.screenshot('table-preview');

    await page.getByTestId('table-tab-snapshots').click();
    expect(await page.getByTestId('snapshot-row').count()).toBe(journey.events.snapshots.length);
    await page.getByTestId('size-chart').waitFor();
    // Axes: round record counts up the side, the first and last snapshot's time along the bottom.
    expect(await page.getByTestId('size-chart-tick').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('size-chart-tick').last().textContent()).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(await page.getByTestId('size-chart-first').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    await journey.app.screenshot('table-snapshots');

    // The diff opens on the current snapshot's parent → the current one (the last write deleted label L160).
    await page.getByTestId('table-tab-diff').click();
    const snapshots = journey.events.snapshots;
    expect(await page.getByTestId('diff-from').inputValue()).toBe(snapshots.at(-2)!.snapshotId);
    expect(await page.getByTestId('diff-to').inputValue()).toBe(journey.events.refs.main ?? current.snapshotId);
    await page.getByTestId('diff-run').click();
    await expect.poll(() => page.getByTestId('diff-counts').textContent(), { timeout: 20_000 }).toMatch(/removed/);
    // Columns as wide as their values, not the pane: every one fits in view; a cell opens whole below the grid.
    const grid = page.getByTestId('diff-grid');
    const columnWidths = () => grid.getByTestId('result-column').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    const widths = await columnWidths();
    expect(Math.max(...widths)).toBeLessThanOrEqual(420);
    const gridBox = (await grid.boundingBox())!;
    const lastColumn = (await grid.getByTestId('result-column').last().boundingBox())!;
    expect(lastColumn.x + lastColumn.width).toBeLessThanOrEqual(gridBox.x + gridBox.width);
    await grid.getByTestId('result-cell').filter({ hasText: /^L160$/ }).click();
    await expect.poll(() => page.getByTestId('cell-detail-text').textContent()).toBe('L160');
    // A header's edge drags wider.
    const handle = (await grid.getByTestId('column-resize').first().boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await columnWidths())[0]! - widths[0]!)).toBe(60);
    await journey.app.screenshot('table-diff');

    // The first append (100 rows) to the second (150): 50 rows added, none removed.
    await page.getByTestId('diff-from').selectOption(first.snapshotId);
    await page.getByTestId('diff-to').selectOption(journey.events.snapshots[1]!.snapshotId);
    await page.getByTestId('diff-run').click();
    await expect.poll(() => page.getByTestId('diff-counts').textContent(), { timeout: 20_000 }).toBe(`${journey.events.snapshots[1]!.rows.length - first.rows.length} added`);
    expect(current.rows.length).toBeGreaterThan(0);
  });

  it('previews a table whose structs evolved: an old row shows its values under the new member names', async () => {
    const { page } = journey.app;
    const nested = journey.oracle.tables.find((t) => t.name === 'db.nested')!;
    // Row 0 was written before s.a became alpha2 (a rename, then a promotion int→long, then another rename).
    const s = JSON.parse(nested.snapshots.at(-1)!.rows.find((r) => r.id === '0')!.s!) as { alpha2: string };
    await page.locator('[data-testid=table-node][data-table="db.nested"]').click();
    await page.getByTestId('preview-filter').fill('id = 0');
    await page.getByTestId('preview-filter').press('Enter');
    await expect.poll(() => page.getByTestId('preview-meta').textContent(), { timeout: 20_000 }).toMatch(/^1 row\(s\)/);
    expect(await page.getByTestId('result-row').first().textContent()).toContain(`"alpha2":"${s.alpha2}"`);
    await journey.app.screenshot('table-preview-nested');
  });

  it('creates a table in the SQL catalog, opens it empty, and drops it after typing its name', async () => {
    const { page } = journey.app;
    await page.getByTestId('nav-tables').click();
    await page.getByTestId('catalog-create').click();
    await page.getByTestId('create-name').fill('db.e2e_new');
    await page.getByTestId('create-fields').fill('id long required\nnote string');
    await page.getByTestId('create-submit').click();
    const node = page.locator('[data-testid=table-node][data-table="db.e2e_new"]');
    await node.click();
    await page.getByTestId('table-tab-schema').click();
    expect(await page.getByTestId('schema-table').locator('tbody tr').count()).toBe(2);

    await node.hover();
    await node.locator('xpath=..').getByTestId('drop-table').click();
    await page.getByTestId('confirm-name-input').fill('db.e2e_new');
    await page.getByTestId('confirm-name').click();
    await expect.poll(() => node.count()).toBe(0);
  });

  it('runs SQL over the catalog and refuses files outside Floe’s folders', async () => {
    const { page } = journey.app;
    await page.getByTestId('nav-sql').click();
    await page.getByTestId('sql-catalog').selectOption({ label: 'oracle' });
    await typeSql(page, 'SELECT count(*) AS n FROM db.events');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('sql-meta').textContent(), { timeout: 20_000 }).toMatch(/^1 row\(s\)/);
    expect(await page.getByTestId('sql-grid').getByTestId('result-row').first().textContent()).toContain(String(journey.events.snapshots.at(-1)!.rows.length));
    await expectEditorText(page, 'SELECT count(*) AS n FROM db.events');
    await journey.app.screenshot('sql-result');

    await page.getByTestId('save-format').selectOption('parquet');
    await page.getByTestId('save-result').click();
    await expect.poll(() => page.getByTestId('saved').textContent(), { timeout: 20_000 }).toMatch(/^1 rows, .* → .*\.parquet$/);
    expect(existsSync(/→ (.*)$/.exec((await page.getByTestId('saved').textContent()) ?? '')![1]!.trim())).toBe(true);

    await typeSql(page, "SELECT * FROM read_text('/etc/passwd')");
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('sql-error').textContent()).toMatch(/sandbox.*\/etc\/passwd/);
    expect(await page.getByTestId('sql-grid').count()).toBe(0);
    await journey.app.screenshot('sql-refused');

    // A time limit stops a query that runs too long, saying so.
    await page.getByTestId('sql-timeout').fill('1');
    await typeSql(page, 'SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b');
    await page.getByTestId('sql-run').click();
    await expect.poll(() => page.getByTestId('sql-error').textContent(), { timeout: 20_000 }).toMatch(/^The query was stopped at its time limit of 1 s/);
    await journey.app.screenshot('sql-time-limit');
  });
});
