import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError, isFloeError } from '../../../shared/errors';
import {
  LOCAL_LAB_PROFILE_ID,
  ProfileDraft,
  type Profile,
  type ProfileSecrets,
  type ProfileView,
} from '../../../shared/model/profile';
import { readProfileFile, writeProfileFile, type ProfileFileContents } from './profile-file';
import { applySecretInput, secretsSetOf } from './secret-input';
import type { SecretStore } from './secret-store';

export interface ResolvedProfile {
  profile: Profile;
  secrets: ProfileSecrets;
}

/** A read-only profile computed from outside the file, e.g. the running local lab. */
export type BuiltInProfiles = () => ResolvedProfile[];

/** Create, edit, delete, duplicate cluster profiles; join them with their secrets for the services. */
export class ProfileService {
  private readonly path: string;
  private contents: ProfileFileContents | null = null;
  private readMtime = 0;
  private readonly listeners = new Set<(id: string) => void>();

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    private readonly builtIns: BuiltInProfiles = () => [],
  ) {
    this.path = join(dataDir, 'profiles.json');
  }

  /** Called with a profile id whenever that profile changes or goes away (clients drop cached connections). */
  onChange(listener: (id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listing needs no secret: saved secrets that cannot be opened become a problem, not a failure. */
  list(): { profiles: ProfileView[]; problems: string[] } {
    const { profiles, problems } = this.read();
    let locked: string | null = null;
    const secretsOf = (id: string): ProfileSecrets => {
      if (locked !== null) return {};
      try {
        return this.secrets.get(id);
      } catch (e) {
        if (!isFloeError(e, 'STORE_CORRUPT')) throw e;
        locked = `${e.message} (profiles are listed without their secrets)`;
        return {};
      }
    };
    const views = [
      ...this.builtIns().map((b) => this.view(b.profile, b.secrets, true)),
      ...profiles.map((p) => this.view(p, secretsOf(p.id), false)),
    ];
    return { profiles: views, problems: locked === null ? problems : [...problems, locked] };
  }

  resolve(id: string): ResolvedProfile {
    const builtIn = this.builtIns().find((b) => b.profile.id === id);
    if (builtIn) return builtIn;
    const profile = this.read().profiles.find((p) => p.id === id);
    // The lab's profile exists while the lab runs: when it is down, its cluster is unreachable, not unknown.
    if (!profile && id === LOCAL_LAB_PROFILE_ID) throw new FloeError('UNREACHABLE', 'The local lab is not running: start it with `floe lab up`');
    if (!profile) throw new FloeError('NOT_FOUND', `No connection profile with id "${id}"`);
    return { profile, secrets: this.secrets.get(id) };
  }

  /** Resolves a draft (e.g. "test before save") against the stored secrets of the profile it edits. */
  resolveDraft(draft: ProfileDraft): ResolvedProfile {
    const parsed = ProfileDraft.parse(draft);
    const stored = parsed.id && parsed.id !== LOCAL_LAB_PROFILE_ID ? this.secrets.get(parsed.id) : {};
    const secrets = applySecretInput(stored, parsed.secrets, (parsed.connect ?? []).map((c) => c.id));
    const now = new Date().toISOString();
    const { secrets: _drop, ...fields } = parsed;
    return { profile: { ...fields, id: parsed.id ?? 'draft', createdAt: now, updatedAt: now }, secrets };
  }

  save(draft: ProfileDraft): ProfileView {
    const parsed = ProfileDraft.parse(draft);
    if (parsed.id === LOCAL_LAB_PROFILE_ID) throw new FloeError('BAD_INPUT', 'The Local lab profile is built in and cannot be edited; duplicate it instead');
    const file = this.read();
    const { secrets: secretInput, id: draftId, ...fields } = parsed;
    if (file.profiles.some((p) => p.name === fields.name && p.id !== draftId))
      throw new FloeError('CONFLICT', `A profile named "${fields.name}" already exists`);
    const now = new Date().toISOString();
    const existing = draftId ? file.profiles.find((p) => p.id === draftId) : undefined;
    if (draftId && !existing) throw new FloeError('NOT_FOUND', `No connection profile with id "${draftId}"`);
    const profile: Profile = { ...fields, id: existing?.id ?? randomUUID(), createdAt: existing?.createdAt ?? now, updatedAt: now };
    const secrets = this.secrets.update(profile.id, secretInput, (profile.connect ?? []).map((c) => c.id));
    this.write(existing ? file.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...file.profiles, profile]);
    this.changed(profile.id);
    return this.view(profile, secrets, false);
  }

  delete(id: string): boolean {
    if (id === LOCAL_LAB_PROFILE_ID) throw new FloeError('BAD_INPUT', 'The Local lab profile is built in; stop the lab to remove it');
    const file = this.read();
    if (!file.profiles.some((p) => p.id === id)) return false;
    this.write(file.profiles.filter((p) => p.id !== id));
    this.secrets.remove(id);
    this.changed(id);
    return true;
  }

  duplicate(id: string, name?: string): ProfileView {
    const source = this.resolve(id);
    const taken = new Set(this.read().profiles.map((p) => p.name));
    let newName = name ?? `${source.profile.name} copy`;
    for (let n = 2; !name && taken.has(newName); n++) newName = `${source.profile.name} copy ${n}`;
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = source.profile;
    return this.save({ ...fields, name: newName, secrets: source.secrets });
  }

  private view(profile: Profile, secrets: ProfileSecrets, builtIn: boolean): ProfileView {
    return { ...profile, builtIn, secretsSet: secretsSetOf(secrets, (profile.connect ?? []).map((c) => c.id)) };
  }

  /** Re-read when the file changed underneath (a hand edit, another Floe process). */
  private read(): ProfileFileContents {
    const mtime = statSync(this.path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (!this.contents || mtime !== this.readMtime) {
      this.contents = readProfileFile(this.path);
      this.readMtime = statSync(this.path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    }
    return this.contents;
  }

  private write(profiles: Profile[]): void {
    const { invalid, problems } = this.read();
    writeProfileFile(this.path, profiles, invalid);
    this.contents = { profiles, invalid, problems };
    this.readMtime = statSync(this.path).mtimeMs;
  }

  private changed(id: string): void {
    for (const l of this.listeners) l(id);
  }
}
