import { mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore } from '../core-session';

/** The files this process holds open (Linux: /proc/self/fd). */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

describe('host dispose', () => {
  it.runIf(process.platform === 'linux')('closes the lake service: the SQL catalog file is no longer held open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-host-lake-'));
    const path = join(dir, 'catalog.db');
    const core = startCore(mkdtempSync(join(tmpdir(), 'floe-no-lab-')));
    await core.client.call('lake.createNamespace', { catalog: { kind: 'sqlite', path, create: true, warehouse: join(dir, 'warehouse') }, namespace: ['db'] });
    const answer = await core.client.call('lake.sql', { sql: 'SELECT 42 AS answer', limit: 1 });
    expect(answer.rowCount).toBe(1);
    expect(openFiles()).toContain(path);
    await core.close();
    expect(openFiles()).not.toContain(path);
  });
});
