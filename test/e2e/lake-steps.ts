// Steps the lake journeys share: add the pyiceberg oracle catalog, read and replace the SQL editor's text.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { buildLakeFixtures, type Oracle, type OracleTable } from '../integration/lake/lake-fixtures';
import { openBrowserMode, type BrowserMode } from './browser-mode';

export interface LakeJourney {
  app: BrowserMode;
  oracle: Oracle;
  /** The oracle's db.events table (appends, evolution, deletes, a tag). */
  events: OracleTable;
}

/** Builds the pyiceberg fixture tables and opens browser mode for a spec (closed after it); the fields are set in beforeAll. */
export function lakeJourney(): LakeJourney {
  const journey = {} as LakeJourney;
  beforeAll(async () => {
    journey.oracle = buildLakeFixtures();
    journey.events = journey.oracle.tables.find((t) => t.name === 'db.events')!;
    journey.app = await openBrowserMode(inject('lab').home);
  });
  afterAll(async () => {
    await journey.app?.close();
  });
  return journey;
}

/** Adds a SQL catalog (the oracle's, or any with a warehouse) in the Tables room under `label`. */
export async function addCatalog(page: Page, oracle: Pick<Oracle, 'catalog' | 'warehouse'>, label: string): Promise<void> {
  await page.getByTestId('nav-tables').click();
  await page.getByTestId('add-catalog').click();
  await page.getByTestId('catalog-path').fill(oracle.catalog);
  await page.getByTestId('catalog-warehouse').fill(oracle.warehouse);
  await page.getByTestId('catalog-label').fill(label);
  await page.getByTestId('catalog-add').click();
  await page.locator(`[data-testid=catalog-node][data-label="${label}"]`).waitFor();
}

/** The SQL editor's text as shown (Monaco renders spaces as no-break spaces). */
async function editorText(page: Page): Promise<string> {
  return ((await page.getByTestId('sql-editor').locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** Waits until the SQL editor shows `text`: Monaco draws typed keys and accepted completions on a later animation frame. */
export async function expectEditorText(page: Page, text: string): Promise<void> {
  await expect.poll(() => editorText(page)).toBe(text);
}

/** Replaces the SQL editor's text by typing, as a person would. */
export async function typeSql(page: Page, sql: string): Promise<void> {
  const editor = page.getByTestId('sql-editor');
  await editor.locator('.monaco-editor').waitFor();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
}
