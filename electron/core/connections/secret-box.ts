import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FloeError } from '../../../shared/errors';

/** AES-256-GCM over a 32-byte key. The sealed form is version | iv | tag | ciphertext, base64. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new FloeError('INTERNAL', 'secret key must be 32 bytes');
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < 29 || raw[0] !== 1) throw new FloeError('STORE_CORRUPT', 'secret store is in an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(1, 13));
    decipher.setAuthTag(raw.subarray(13, 29));
    try {
      return Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()]).toString('utf8');
    } catch {
      throw new FloeError('STORE_CORRUPT', 'secret store cannot be decrypted with this key: a wrong key, or the file was edited');
    }
  }
}
