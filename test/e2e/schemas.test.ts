// Journey: open a subject, add an optional field (compatible, registered after confirming), see the
// diff of the two versions, then try a breaking change and read why it is refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowserMode, type BrowserMode } from './browser-mode';

const lab = inject('lab');
const run = Date.now().toString(36);
const subject = `e2e-orders-${run}-value`;
let app: BrowserMode;

const schema = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields });
const V1 = schema([
  { name: 'id', type: 'long' },
  { name: 'amount', type: 'double' },
]);
const V2 = schema([
  { name: 'id', type: 'long' },
  { name: 'amount', type: 'double' },
  { name: 'note', type: ['null', 'string'], default: null },
]);
const BREAKING = schema([
  { name: 'id', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'note', type: ['null', 'string'], default: null },
]);

async function registry(path: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${lab.registry!.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/** Replaces the draft editor's text by typing it (Monaco types over the brackets and quotes it closes itself). */
async function pasteDraft(text: string) {
  const editor = app.page.getByTestId('draft-editor');
  await editor.locator('.view-lines').click();
  await app.page.keyboard.press('ControlOrMeta+A');
  await app.page.keyboard.press('Delete');
  await app.page.keyboard.type(text);
}

async function setDraft(text: string) {
  await pasteDraft(text);
  await expect.poll(() => app.page.getByTestId('draft-status').textContent(), { timeout: 15_000 }).toBe('valid');
}

beforeAll(async () => {
  await registry(`/subjects/${subject}/versions`, 'POST', { schema: V1 });
  await registry(`/config/${subject}`, 'PUT', { compatibility: 'BACKWARD' });
  app = await openBrowserMode(lab.home);
});
afterAll(async () => {
  await app?.close();
  await registry(`/subjects/${subject}`, 'DELETE').catch(() => undefined);
  await registry(`/subjects/${subject}?permanent=true`, 'DELETE').catch(() => undefined);
});

describe.skipIf(!lab.registry)('schema workbench', () => {
  it('evolves a subject compatibly, shows the diff, explains a breaking change', async () => {
    const { page } = app;
    await page.getByTestId('nav-schemas').click();
    await page.getByTestId('subject-search').fill(subject);
    const row = page.locator(`[data-testid=subject-row][data-subject="${subject}"]`);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/Avro.*1.*1.*BACKWARD/);
    await app.screenshot('schemas-list');
    await row.click();
    await page.getByTestId('version-schema').waitFor();
    await app.screenshot('schemas-subject');

    await page.getByTestId('subject-tab-evolve').click();
    await setDraft(V2);
    await page.getByTestId('draft-check').click();
    await expect.poll(() => page.getByTestId('compat-verdict').textContent()).toMatch(/^Compatible under BACKWARD/);
    await page.getByTestId('draft-register').click();
    const dialog = page.getByTestId('register-dialog');
    await expect.poll(() => dialog.getByTestId('compat-verdict').textContent(), { timeout: 15_000 }).toMatch(/^Compatible/);
    await dialog.getByTestId('register-confirm').click();
    await expect.poll(() => dialog.getByTestId('register-result').textContent(), { timeout: 15_000 }).toMatch(/Registered as version 2/);
    await dialog.getByTestId('register-done').click();
    await expect.poll(() => page.getByTestId('version-item').count(), { timeout: 15_000 }).toBe(2);

    await page.getByTestId('subject-tab-diff').click();
    const entry = page.getByTestId('diff-entry');
    await expect.poll(() => entry.count(), { timeout: 15_000 }).toBe(1);
    expect(await entry.first().getAttribute('data-change')).toBe('added');
    expect(await entry.first().textContent()).toMatch(/Order\.note.*yes.*yes/);
    await page.getByTestId('diff-editor').locator('.editor.modified').waitFor();
    await app.screenshot('schemas-diff');

    await page.getByTestId('subject-tab-evolve').click();
    await setDraft(BREAKING);
    await page.getByTestId('draft-check').click();
    const report = page.getByTestId('compat-report');
    await expect.poll(() => report.getAttribute('data-compatible'), { timeout: 15_000 }).toBe('false');
    const findings = await page.getByTestId('compat-findings').textContent();
    expect(findings).toContain('Order.id is long in version 2 and string in the draft: a long cannot be read as a string');
    await app.screenshot('schemas-breaking');

    await page.getByTestId('draft-register').click();
    await dialog.getByTestId('register-confirm').click();
    await expect.poll(() => dialog.getByTestId('register-error').textContent(), { timeout: 15_000 }).toMatch(/^Not registered: /);
    await app.screenshot('schemas-refused');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('marks a syntax error at its line, and sends nothing', async () => {
    const { page } = app;
    await pasteDraft('{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "lng"}]}');
    const markers = page.getByTestId('draft-markers');
    await expect.poll(() => markers.textContent(), { timeout: 15_000 }).toMatch(/^1:71 unknown type "lng".*did you mean "long"/);
    expect(await page.getByTestId('draft-register').isDisabled()).toBe(true);
    await app.screenshot('schemas-marker');
  });
});
