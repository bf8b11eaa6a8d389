import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../../electron/core/connections/secret-box';
import { SecretStore } from '../../../electron/core/connections/secret-store';
import { resolveSecretKey } from '../../../electron/core/connections/key-source';

const dir = () => mkdtempSync(join(tmpdir(), 'floe-secrets-'));

describe('secret store', () => {
  it('never writes a secret in plaintext, and reads it back', () => {
    const path = join(dir(), 'secrets.enc');
    const store = new SecretStore(path, new SecretBox(randomBytes(32)));
    store.update('p1', { kafkaPassword: 'hunter2-very-secret', registryPassword: 'reg-pass' });
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(onDisk).not.toContain('reg-pass');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.get('p1')).toEqual({ kafkaPassword: 'hunter2-very-secret', registryPassword: 'reg-pass' });
  });

  it('keeps on undefined, clears on null, copies and removes', () => {
    const path = join(dir(), 'secrets.enc');
    const box = new SecretBox(randomBytes(32));
    const store = new SecretStore(path, box);
    store.update('p1', { kafkaPassword: 'a', s3SecretAccessKey: 'b' });
    store.update('p1', { kafkaPassword: undefined, s3SecretAccessKey: null });
    expect(store.get('p1')).toEqual({ kafkaPassword: 'a' });
    store.copy('p1', 'p2');
    store.remove('p1');
    const reopened = new SecretStore(path, box);
    expect(reopened.get('p1')).toEqual({});
    expect(reopened.get('p2')).toEqual({ kafkaPassword: 'a' });
  });

  it('refuses a wrong key or a tampered file with STORE_CORRUPT', () => {
    const path = join(dir(), 'secrets.enc');
    new SecretStore(path, new SecretBox(randomBytes(32))).update('p', { kafkaPassword: 'x' });
    expect(() => new SecretStore(path, new SecretBox(randomBytes(32))).get('p')).toThrow(/cannot be decrypted/);
    writeFileSync(path, 'garbage');
    expect(() => new SecretStore(path, new SecretBox(randomBytes(32))).get('p')).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });
});

describe('key source', () => {
  it('derives a stable key from FLOE_PASSPHRASE, different per passphrase', () => {
    const d = dir();
    const a = resolveSecretKey(d, { FLOE_PASSPHRASE: 'correct horse' });
    const b = resolveSecretKey(d, { FLOE_PASSPHRASE: 'correct horse' });
    const c = resolveSecretKey(d, { FLOE_PASSPHRASE: 'battery staple' });
    expect(a.key.equals(b.key)).toBe(true);
    expect(a.key.equals(c.key)).toBe(false);
    expect(a.source).toContain('FLOE_PASSPHRASE');
  });

  it('falls back to a key file only the user can read', () => {
    const d = dir();
    const k = resolveSecretKey(d, { FLOE_NO_KEYRING: '1' });
    expect(k.key).toHaveLength(32);
    expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(d, { FLOE_NO_KEYRING: '1' }).key.equals(k.key)).toBe(true);
  });
});
