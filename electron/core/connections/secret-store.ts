import { existsSync, readFileSync } from 'node:fs';
import { FloeError } from '../../../shared/errors';
import type { ProfileSecrets, ProfileSecretsInput } from '../../../shared/model/profile';
import { writeFileAtomic } from '../util/atomic-write';
import type { SecretKey } from './key-source';
import { applySecretInput } from './secret-input';
import { SecretBox } from './secret-box';

type SecretMap = Record<string, ProfileSecrets>;

/** Profile secrets, sealed as one blob in secrets.enc. Plaintext lives only in memory. */
export class SecretStore {
  private cache: SecretMap | null = null;
  private readonly box: SecretBox | null;

  constructor(
    private readonly path: string,
    private readonly secretKey: SecretKey,
  ) {
    this.box = secretKey.key ? new SecretBox(secretKey.key) : null;
  }

  get(profileId: string): ProfileSecrets {
    return { ...this.load()[profileId] };
  }

  /** Applies write-only input: a string sets, null clears, undefined keeps; `connectIds` prunes removed Connect clusters. */
  update(profileId: string, input: ProfileSecretsInput | undefined, connectIds?: string[]): ProfileSecrets {
    const all = this.load();
    const next = applySecretInput(all[profileId] ?? {}, input, connectIds);
    this.save({ ...all, [profileId]: next });
    return next;
  }

  copy(fromId: string, toId: string): void {
    const all = this.load();
    this.save({ ...all, [toId]: { ...all[fromId] } });
  }

  remove(profileId: string): void {
    const all = { ...this.load() };
    delete all[profileId];
    this.save(all);
  }

  private load(): SecretMap {
    if (this.cache) return this.cache;
    if (!existsSync(this.path)) return (this.cache = {});
    const opened = this.open(readFileSync(this.path, 'utf8').trim());
    try {
      this.cache = JSON.parse(opened) as SecretMap;
    } catch {
      throw new FloeError('STORE_CORRUPT', `${this.path} decrypted but is not valid JSON`);
    }
    return this.cache;
  }

  /** The saved blob opened, or a refusal that names the file and says what to do. */
  private open(sealed: string): string {
    const { advice, source } = this.secretKey;
    if (!this.box) throw new FloeError('STORE_CORRUPT', `Saved secrets cannot be opened: ${advice ?? 'no key'}`);
    try {
      return this.box.open(sealed);
    } catch (e) {
      const reason = (e as Error).message.replace(/^secret store:? ?/, '');
      const wrongKey = reason.startsWith('cannot be decrypted');
      throw new FloeError('STORE_CORRUPT', `${this.path} ${reason}${wrongKey ? ` (key: ${source}).${advice ? ` ${advice}` : ''}` : ''}`);
    }
  }

  private save(all: SecretMap): void {
    if (!this.box) throw new FloeError('STORE_CORRUPT', `Secrets cannot be saved: ${this.secretKey.advice ?? 'no key'}`);
    writeFileAtomic(this.path, this.box.seal(JSON.stringify(all)));
    this.cache = all;
  }
}
