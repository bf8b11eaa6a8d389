// The lab's pure decisions: which optional parts a start needs, who may reach the PostgreSQL
// cluster's folder, and the cache lock that keeps parallel builds apart.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPartSecrets, loadOrCreateConfig } from '../../../electron/lab/lab-config';
import { acquireFileLock } from '../../../electron/lab/lock';
import { missingParts, wantedParts } from '../../../electron/lab/parts';
import { reachableBy } from '../../../electron/lab/postgres-install';
import type { LabInfo } from '../../../electron/lab';

describe('optional lab parts', () => {
  it('--cdc brings Kafka Connect along (Debezium runs on it); nothing is asked for by default', () => {
    expect(wantedParts({})).toEqual([]);
    expect(wantedParts({ connect: true })).toEqual(['connect']);
    expect(wantedParts({ cdc: true })).toEqual(['connect', 'postgres']);
  });

  it('adds only what a running lab lacks', () => {
    const running = { connect: { url: 'http://127.0.0.1:1' } } as unknown as LabInfo;
    expect(missingParts(running, ['connect', 'postgres'])).toEqual(['postgres']);
    expect(missingParts(running, ['connect'])).toEqual([]);
  });

  it('makes the parts’ secrets once and keeps them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'floe-lab-unit-')), 'lab-config.json');
    const config = withPartSecrets(loadOrCreateConfig(path));
    expect(config.connect?.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(config.postgres?.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(withPartSecrets(config)).toEqual(config);
  });
});

describe('reachableBy (the postgres OS user and the lab home)', () => {
  const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const stranger = { uid: 65_000, gid: 65_000 };

  it('needs search permission on every folder down to the target', () => {
    const root = mkdtempSync(join(tmpdir(), 'floe-reach-'));
    chmodSync(root, 0o755);
    const open = join(root, 'open', 'deep');
    mkdirSync(open, { recursive: true, mode: 0o711 });
    chmodSync(join(root, 'open'), 0o711);
    expect(reachableBy(open, stranger)).toBe(true);
    chmodSync(join(root, 'open'), 0o700);
    expect(reachableBy(open, stranger)).toBe(false);
    expect(reachableBy(open, me)).toBe(true);
    chmodSync(join(root, 'open'), 0o755);
  });

  it('says no for a folder that does not exist', () => {
    expect(reachableBy(join(tmpdir(), 'floe-no-such-folder', 'x'), stranger)).toBe(false);
  });
});

describe('acquireFileLock', () => {
  it('takes over a lock whose owner died, and releases only its own lock', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'floe-lock-')), 'entry.lock');
    writeFileSync(path, '999999999');
    const release = await acquireFileLock(path, { timeoutMs: 2000, what: 'test' });
    expect(readFileSync(path, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits for a live owner and names it when the wait times out', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'floe-lock-')), 'entry.lock');
    const release = await acquireFileLock(path, { timeoutMs: 1000, what: 'first' });
    const waits: number[] = [];
    await expect(acquireFileLock(path, { timeoutMs: 600, what: 'Building x', onWait: (owner) => waits.push(owner) })).rejects.toThrow(`Building x: another process (pid ${process.pid}) holds ${path}`);
    expect(waits).toEqual([process.pid]);
    release();
  });
});
