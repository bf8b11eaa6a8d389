import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { writeFileAtomic } from '../util/atomic-write';

export interface SecretKey {
  key: Buffer;
  /** In words, for the UI and `floe info`. */
  source: string;
}

/**
 * The key for the secret store outside Electron (browser mode, CLI): a passphrase from FLOE_PASSPHRASE,
 * else the OS keyring through libsecret's `secret-tool`, else a key file only this user can read.
 * The desktop app passes a key wrapped by Electron safeStorage instead (electron/main/secret-key.ts).
 */
export function resolveSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const passphrase = env.FLOE_PASSPHRASE;
  if (passphrase) {
    const saltPath = join(dataDir, 'secrets.salt');
    if (!existsSync(saltPath)) writeFileAtomic(saltPath, randomBytes(16).toString('hex'));
    const salt = Buffer.from(readFileSync(saltPath, 'utf8').trim(), 'hex');
    return { key: scryptSync(passphrase, salt, 32), source: 'encrypted file, key derived from FLOE_PASSPHRASE' };
  }
  const fromKeyring = env.FLOE_NO_KEYRING ? null : keyringKey(dataDir);
  if (fromKeyring) return { key: fromKeyring, source: 'encrypted file, key in the OS keyring (libsecret)' };
  const keyPath = join(dataDir, 'secret.key');
  if (!existsSync(keyPath)) writeFileAtomic(keyPath, randomBytes(32).toString('hex'));
  return {
    key: Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'hex'),
    source: `encrypted file, key in ${keyPath} (readable by you only; set FLOE_PASSPHRASE to use a passphrase)`,
  };
}

function keyringKey(dataDir: string): Buffer | null {
  const attrs = ['service', 'floe', 'store', dataDir];
  const run = (args: string[], input?: string) =>
    execFileSync('secret-tool', args, { input, timeout: 3000, stdio: ['pipe', 'pipe', 'ignore'] }).toString().trim();
  try {
    const found = run(['lookup', ...attrs]);
    if (/^[0-9a-f]{64}$/.test(found)) return Buffer.from(found, 'hex');
    const fresh = randomBytes(32).toString('hex');
    run(['store', '--label', 'Floe secret store key', ...attrs], fresh);
    return run(['lookup', ...attrs]) === fresh ? Buffer.from(fresh, 'hex') : null;
  } catch {
    return null; // no secret-tool, no session bus, or a locked keyring
  }
}
