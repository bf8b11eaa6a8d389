import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretStore } from '../../../electron/core/connections/secret-store';
import { resolveSecretKey } from '../../../electron/core/connections/key-source';

const dir = () => mkdtempSync(join(tmpdir(), 'floe-secrets-'));
const testKey = (key = randomBytes(32)) => ({ key, source: 'test key' });

describe('secret store', () => {
  it('never writes a secret in plaintext, and reads it back', () => {
    const path = join(dir(), 'secrets.enc');
    const store = new SecretStore(path, testKey());
    store.update('p1', { kafkaPassword: 'hunter2-very-secret', registryPassword: 'reg-pass' });
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(onDisk).not.toContain('reg-pass');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(store.get('p1')).toEqual({ kafkaPassword: 'hunter2-very-secret', registryPassword: 'reg-pass' });
  });

  it('keeps on undefined, clears on null, copies and removes', () => {
    const path = join(dir(), 'secrets.enc');
    const box = testKey();
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
    new SecretStore(path, testKey()).update('p', { kafkaPassword: 'x' });
    expect(() => new SecretStore(path, testKey()).get('p')).toThrow(/cannot be decrypted/);
    writeFileSync(path, 'garbage');
    expect(() => new SecretStore(path, testKey()).get('p')).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });
});

describe('key source', () => {
  it('derives a stable key from FLOE_PASSPHRASE, different per passphrase', () => {
    const d = dir();
    const a = resolveSecretKey(d, { FLOE_PASSPHRASE: 'correct horse' });
    const b = resolveSecretKey(d, { FLOE_PASSPHRASE: 'correct horse' });
    const c = resolveSecretKey(d, { FLOE_PASSPHRASE: 'battery staple' });
    expect(a.key?.equals(b.key!)).toBe(true);
    expect(a.key?.equals(c.key!)).toBe(false);
    expect(a.source).toContain('FLOE_PASSPHRASE');
  });

  it('never makes a new key beside secrets sealed with another one: the store refuses and says what to do', () => {
    const d = dir();
    const withPassphrase = resolveSecretKey(d, { FLOE_PASSPHRASE: 'right' });
    new SecretStore(join(d, 'secrets.enc'), withPassphrase).update('p', { kafkaPassword: 'x' });
    const none = resolveSecretKey(d, { FLOE_NO_KEYRING: '1' });
    expect(none.key).toBeNull();
    expect(existsSync(join(d, 'secret.key'))).toBe(false);
    const store = new SecretStore(join(d, 'secrets.enc'), none);
    expect(() => store.get('p')).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT', message: expect.stringMatching(/set FLOE_PASSPHRASE/) }));
    expect(() => store.update('p', { kafkaPassword: 'y' })).toThrow(/set FLOE_PASSPHRASE/);
    expect(new SecretStore(join(d, 'secrets.enc'), resolveSecretKey(d, { FLOE_PASSPHRASE: 'right' })).get('p')).toEqual({ kafkaPassword: 'x' });
  });

  it('a wrong passphrase: the refusal names FLOE_PASSPHRASE and leaves the file alone', () => {
    const d = dir();
    new SecretStore(join(d, 'secrets.enc'), resolveSecretKey(d, { FLOE_PASSPHRASE: 'right' })).update('p', { kafkaPassword: 'x' });
    const sealed = readFileSync(join(d, 'secrets.enc'), 'utf8');
    const wrong = new SecretStore(join(d, 'secrets.enc'), resolveSecretKey(d, { FLOE_PASSPHRASE: 'wrong' }));
    expect(() => wrong.get('p')).toThrow(/secrets\.enc.*FLOE_PASSPHRASE/);
    expect(() => wrong.update('p', { kafkaPassword: 'y' })).toThrow(/FLOE_PASSPHRASE/);
    expect(readFileSync(join(d, 'secrets.enc'), 'utf8')).toBe(sealed);
  });

  it('a passphrase beside secrets sealed without one: refused, no salt written', () => {
    const d = dir();
    new SecretStore(join(d, 'secrets.enc'), resolveSecretKey(d, { FLOE_NO_KEYRING: '1' })).update('p', { kafkaPassword: 'x' });
    const k = resolveSecretKey(d, { FLOE_PASSPHRASE: 'any', FLOE_NO_KEYRING: '1' });
    expect(k.key).toBeNull();
    expect(existsSync(join(d, 'secrets.salt'))).toBe(false);
    expect(() => new SecretStore(join(d, 'secrets.enc'), k).get('p')).toThrow(/unset FLOE_PASSPHRASE/);
  });

  it('falls back to a key file only the user can read', () => {
    const d = dir();
    const k = resolveSecretKey(d, { FLOE_NO_KEYRING: '1' });
    expect(k.key).toHaveLength(32);
    expect(statSync(join(d, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(resolveSecretKey(d, { FLOE_NO_KEYRING: '1' }).key?.equals(k.key!)).toBe(true);
  });
});
