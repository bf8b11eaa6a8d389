import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_CASES } from '../../fixtures/schemas/compat-cases';
import { startCore } from '../core-session';

const lab = inject('lab');
const profileId = 'local-lab';
const suffix = Date.now().toString(36);
let core: ReturnType<typeof startCore>;

/**
 * Floe's table of compatibility cases asked of the lab registry too: its verdict (under BACKWARD and
 * under FORWARD) must match Floe's, except where the table says why the lab's Apicurio answers otherwise.
 */
describe.skipIf(!lab.registry)('the compatibility table against the lab registry', { timeout: 120_000 }, () => {
  beforeAll(() => {
    core = startCore(lab.home);
  });
  afterAll(async () => {
    await core?.close();
  });

  it.each(ALL_CASES.map((c, i) => [`${c.type}: ${c.name}`, c, i] as const))('%s', async (_name, c, i) => {
    const subject = `cc-${i}-${suffix}`;
    await core.client.call('schemas.register', { profileId, subject, draft: { schemaType: c.type, schema: c.before } });
    const verdicts: Record<string, { registry: boolean; floe: string[] }> = {};
    for (const level of ['BACKWARD', 'FORWARD'] as const) {
      await core.client.call('schemas.setLevel', { profileId, subject, level });
      const report = await core.client.call('schemas.check', { profileId, subject, draft: { schemaType: c.type, schema: c.after } });
      verdicts[level] = { registry: report.registry!.compatible, floe: [...new Set(report.findings.map((f) => f.kind))] };
    }
    expect({ backward: verdicts.BACKWARD!.floe, forward: verdicts.FORWARD!.floe }).toEqual({ backward: c.backward, forward: c.forward });
    const registry = { backward: verdicts.BACKWARD!.registry, forward: verdicts.FORWARD!.registry };
    const floe = { backward: c.backward.length === 0, forward: c.forward.length === 0 };
    if (c.registryDiffers) expect(registry, c.registryDiffers).not.toEqual(floe);
    else expect(registry).toEqual(floe);
  });
});
