import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { writeFileAtomic } from '../util/atomic-write';

export interface SecretKey {
  /** Null when no key at hand can open the secrets already saved (then `advice` says why and what to do). */
  key: Buffer | null;
  /** In words, for the UI and `floe info`. */
  source: string;
  /** What to do when the saved secrets cannot be opened with this key, or without one. */
  advice?: string;
}

const PASSPHRASE_ADVICE = 'Set FLOE_PASSPHRASE to the passphrase the secrets were saved with.';
const OTHER_KEY_ADVICE = 'If they were saved with a passphrase, set FLOE_PASSPHRASE to it.';

/**
 * The key for the secret store outside Electron (browser mode, CLI): a passphrase from FLOE_PASSPHRASE,
 * else the OS keyring through libsecret's `secret-tool`, else a key file only this user can read.
 * The desktop app passes a key wrapped by Electron safeStorage instead (electron/main/secret-key.ts).
 * A new key is made only while no secrets are saved: a fresh key beside secrets.enc could never open it.
 */
export function resolveSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const saved = existsSync(join(dataDir, 'secrets.enc'));
  const saltPath = join(dataDir, 'secrets.salt');
  const passphrase = env.FLOE_PASSPHRASE;
  if (passphrase) {
    const source = 'encrypted file, key derived from FLOE_PASSPHRASE';
    if (saved && !existsSync(saltPath))
      return { key: null, source, advice: `${dataDir}/secrets.enc was not saved with a passphrase (there is no secrets.salt beside it): unset FLOE_PASSPHRASE to open it with the key it was saved with.` };
    if (!existsSync(saltPath)) writeFileAtomic(saltPath, randomBytes(16).toString('hex'));
    const salt = Buffer.from(readFileSync(saltPath, 'utf8').trim(), 'hex');
    return { key: scryptSync(passphrase, salt, 32), source, advice: PASSPHRASE_ADVICE };
  }
  const fromKeyring = env.FLOE_NO_KEYRING ? null : keyringKey(dataDir, !saved);
  if (fromKeyring) return { key: fromKeyring, source: 'encrypted file, key in the OS keyring (libsecret)', advice: OTHER_KEY_ADVICE };
  const keyPath = join(dataDir, 'secret.key');
  const source = `encrypted file, key in ${keyPath} (readable by you only; set FLOE_PASSPHRASE to use a passphrase)`;
  if (!existsSync(keyPath)) {
    if (saved) return { key: null, source: 'none', advice: missingKeyAdvice(dataDir) };
    writeFileAtomic(keyPath, randomBytes(32).toString('hex'));
  }
  return { key: Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'hex'), source, advice: OTHER_KEY_ADVICE };
}

/** Saved secrets and none of the keys that could have sealed them: say which one it most likely was. */
function missingKeyAdvice(dataDir: string): string {
  const where = `${dataDir}/secrets.enc`;
  if (existsSync(join(dataDir, 'secrets.salt'))) return `${where} was saved with a passphrase: set FLOE_PASSPHRASE to it. (Floe makes no new key beside saved secrets, which it could never open.)`;
  if (existsSync(join(dataDir, 'secret.key.safe')))
    return `${where} was saved by the desktop app with a key only it can unwrap (Electron safeStorage): use the app, or set FLOE_PASSPHRASE there and save the secrets again.`;
  return `${where} was saved with a key that is not here (no FLOE_PASSPHRASE, no key in the OS keyring, no secret.key): restore it, or set FLOE_PASSPHRASE if the secrets were saved with one. To start over without them, move secrets.enc away.`;
}

function keyringKey(dataDir: string, mayCreate: boolean): Buffer | null {
  const attrs = ['service', 'floe', 'store', dataDir];
  const run = (args: string[], input?: string) =>
    execFileSync('secret-tool', args, { input, timeout: 3000, stdio: ['pipe', 'pipe', 'ignore'] }).toString().trim();
  try {
    const found = run(['lookup', ...attrs]);
    if (/^[0-9a-f]{64}$/.test(found)) return Buffer.from(found, 'hex');
    if (!mayCreate) return null;
    const fresh = randomBytes(32).toString('hex');
    run(['store', '--label', 'Floe secret store key', ...attrs], fresh);
    return run(['lookup', ...attrs]) === fresh ? Buffer.from(fresh, 'hex') : null;
  } catch {
    return null; // no secret-tool, no session bus, or a locked keyring
  }
}
