import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProfileService } from '../../../electron/core/connections/profile-service';
import { SecretStore } from '../../../electron/core/connections/secret-store';
import type { ProfileDraft } from '../../../shared/model/profile';

function service(dataDir = mkdtempSync(join(tmpdir(), 'floe-profiles-')), key = randomBytes(32)) {
  const secrets = new SecretStore(join(dataDir, 'secrets.enc'), { key, source: 'test' });
  return { dataDir, profiles: new ProfileService(dataDir, secrets) };
}

const draft: ProfileDraft = {
  name: 'prod',
  kafka: { bootstrap: ['b1:9092', 'b2:9092'], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-512', username: 'alice' } },
  registry: { url: 'http://localhost:8081', username: 'reg' },
  secrets: { kafkaPassword: 'p4ss', registryPassword: 'r3g' },
};

describe('profile service', () => {
  it('creates a profile; the file holds no secret and the view only says which are set', () => {
    const { dataDir, profiles } = service();
    const view = profiles.save(draft);
    expect(view.secretsSet).toMatchObject({ kafkaPassword: true, registryPassword: true, s3SecretAccessKey: false });
    expect(JSON.stringify(view)).not.toContain('p4ss');
    expect(readFileSync(join(dataDir, 'profiles.json'), 'utf8')).not.toContain('p4ss');
    expect(profiles.resolve(view.id).secrets).toEqual({ kafkaPassword: 'p4ss', registryPassword: 'r3g' });
  });

  it('edits keep secrets unless replaced or cleared', () => {
    const { profiles } = service();
    const { id } = profiles.save(draft);
    profiles.save({ ...draft, id, name: 'prod-eu', secrets: { registryPassword: null } });
    const resolved = profiles.resolve(id);
    expect(resolved.profile.name).toBe('prod-eu');
    expect(resolved.secrets).toEqual({ kafkaPassword: 'p4ss' });
  });

  it('duplicates with secrets under a free name, and deletes with its secrets', () => {
    const { profiles } = service();
    const { id } = profiles.save(draft);
    const copy = profiles.duplicate(id);
    const copy2 = profiles.duplicate(id);
    expect([copy.name, copy2.name]).toEqual(['prod copy', 'prod copy 2']);
    expect(profiles.resolve(copy.id).secrets.kafkaPassword).toBe('p4ss');
    expect(profiles.delete(copy.id)).toBe(true);
    expect(() => profiles.resolve(copy.id)).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses a duplicate name with CONFLICT and malformed bootstrap with a message naming it', () => {
    const { profiles } = service();
    profiles.save(draft);
    expect(() => profiles.save(draft)).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => profiles.save({ ...draft, name: 'x', kafka: { ...draft.kafka, bootstrap: ['no-port'] } })).toThrow(/host:port/);
    expect(() => profiles.save({ ...draft, name: 'y', kafka: { ...draft.kafka, bootstrap: ['h:70000'] } })).toThrow(/between 1 and 65535/);
  });

  it('moves a file edited into nonsense aside instead of overwriting it', () => {
    const { dataDir } = service();
    writeFileSync(join(dataDir, 'profiles.json'), '{ this is not json');
    const { profiles } = service(dataDir);
    const { profiles: list, problems } = profiles.list();
    expect(list).toEqual([]);
    expect(problems[0]).toMatch(/not valid JSON.*moved to/);
    const aside = readdirSync(dataDir).find((f) => f.startsWith('profiles.json.broken-'));
    expect(aside && readFileSync(join(dataDir, aside), 'utf8')).toBe('{ this is not json');
    profiles.save(draft);
    expect(existsSync(join(dataDir, aside!))).toBe(true);
  });

  it('skips an invalid entry, reports it, and keeps it in the file on the next write', () => {
    const { dataDir } = service();
    const bad = { id: 'bad', name: 'broken', kafka: { bootstrap: 'not-a-list' } };
    writeFileSync(join(dataDir, 'profiles.json'), JSON.stringify({ version: 1, profiles: [bad] }));
    const { profiles } = service(dataDir);
    expect(profiles.list().problems[0]).toMatch(/"broken".*invalid.*kafka/);
    profiles.save(draft);
    const onDisk = JSON.parse(readFileSync(join(dataDir, 'profiles.json'), 'utf8')) as { profiles: unknown[] };
    expect(onDisk.profiles).toContainEqual(bad);
    expect(onDisk.profiles).toHaveLength(2);
  });

  it('lists profiles with a warning when the secrets cannot be opened (listing needs no secret)', () => {
    const { dataDir, profiles } = service();
    const { id } = profiles.save(draft);
    const locked = service(dataDir).profiles; // another key
    const { profiles: list, problems } = locked.list();
    expect(list.map((p) => p.name)).toEqual(['prod']);
    expect(list[0]?.secretsSet.kafkaPassword).toBe(false);
    expect(problems.join('\n')).toMatch(/secrets\.enc cannot be decrypted/);
    expect(() => locked.resolve(id)).toThrowError(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });

  it('resolves an unsaved draft of an existing profile against its stored secrets', () => {
    const { profiles } = service();
    const { id } = profiles.save(draft);
    const resolved = profiles.resolveDraft({ ...draft, id, secrets: { registryPassword: 'new' } });
    expect(resolved.secrets).toEqual({ kafkaPassword: 'p4ss', registryPassword: 'new' });
  });
});

describe('profile file edited while Floe runs', () => {
  it('picks up a hand edit', async () => {
    const { dataDir, profiles } = service();
    profiles.save(draft);
    const path = join(dataDir, 'profiles.json');
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as { profiles: { name: string }[] };
    onDisk.profiles[0]!.name = 'renamed by hand';
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(path, JSON.stringify(onDisk));
    expect(profiles.list().profiles.map((p) => p.name)).toEqual(['renamed by hand']);
  });
});
