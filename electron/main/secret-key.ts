import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { safeStorage } from 'electron';
import { writeFileAtomic } from '../core/util/atomic-write';
import { resolveSecretKey, type SecretKey } from '../core/connections/key-source';

/**
 * The secret-store key, wrapped by Electron safeStorage (Keychain, DPAPI, libsecret/kwallet). Where
 * safeStorage has no real backend (Linux without a keyring reports "basic_text"), fall back to the
 * same key sources as browser mode rather than pretend.
 */
export function desktopSecretKey(dataDir: string): SecretKey {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') return resolveSecretKey(dataDir);
  const path = join(dataDir, 'secret.key.safe');
  if (!existsSync(path)) writeFileAtomic(path, safeStorage.encryptString(randomBytes(32).toString('hex')));
  const hex = safeStorage.decryptString(readFileSync(path));
  return { key: Buffer.from(hex, 'hex'), source: `encrypted file, key protected by Electron safeStorage (${backend})` };
}
