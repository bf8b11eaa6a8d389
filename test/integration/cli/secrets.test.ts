// Issue 7 item 7: a wrong or missing key for the secret store never breaks what needs no secret, and never
// silently makes a new key beside secrets sealed with another one.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { resolveSecretKey } from '../../../electron/core/connections/key-source';
import { createHost } from '../../../electron/core/host';
import { floeRun } from './floe-process';

const lab = inject('lab');

/** A Floe folder with one profile whose password is sealed with the key from FLOE_PASSPHRASE=right. */
async function homeWithSecrets(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'floe-cli-secrets-'));
  const host = createHost({ dataDir: home, secretKey: resolveSecretKey(home, { FLOE_PASSPHRASE: 'right' }), mode: 'test', version: 'test', labHome: lab.home });
  host.profiles.save({
    name: 'prod',
    kafka: { bootstrap: [lab.kafka.saslScram], security: { protocol: 'SASL_PLAINTEXT', mechanism: 'SCRAM-SHA-256', username: lab.scram.username } },
    secrets: { kafkaPassword: lab.scram.password },
  });
  await host.dispose();
  return home;
}

const envFor = (home: string, passphrase?: string) => {
  const env: NodeJS.ProcessEnv = { ...process.env, FLOE_HOME: home, FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
  delete env.FLOE_PASSPHRASE;
  return passphrase === undefined ? env : { ...env, FLOE_PASSPHRASE: passphrase };
};

describe('secret store key', () => {
  it('the right passphrase opens the saved secrets (the profile connects)', async () => {
    const home = await homeWithSecrets();
    const run = await floeRun(['topics', '--profile', 'prod'], envFor(home, 'right'));
    expect(run.status, run.stderr).toBe(0);
  });

  it('a wrong FLOE_PASSPHRASE: `floe profiles` still lists and warns; a command that needs the secret says what to do', async () => {
    const home = await homeWithSecrets();
    const sealed = readFileSync(join(home, 'secrets.enc'), 'utf8');
    const list = await floeRun(['profiles'], envFor(home, 'wrong'));
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^prod\s/m);
    expect(list.stderr).toMatch(/FLOE_PASSPHRASE/);
    const json = await floeRun(['profiles', '--json'], envFor(home, 'wrong'));
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as { problems: string[] }).problems.join('\n')).toMatch(/FLOE_PASSPHRASE/);
    const use = await floeRun(['topics', '--profile', 'prod'], envFor(home, 'wrong'));
    expect(use.status).toBe(1);
    expect(use.stderr).toMatch(/^floe: .*secrets\.enc.*FLOE_PASSPHRASE/);
    expect(readFileSync(join(home, 'secrets.enc'), 'utf8')).toBe(sealed);
  });

  it('no FLOE_PASSPHRASE beside secrets sealed with one: refused, and no new secret.key is written', async () => {
    const home = await homeWithSecrets();
    const list = await floeRun(['profiles'], envFor(home));
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^prod\s/m);
    expect(list.stderr).toMatch(/set FLOE_PASSPHRASE/);
    const use = await floeRun(['topics', '--profile', 'prod'], envFor(home));
    expect(use.status).toBe(1);
    expect(use.stderr).toMatch(/set FLOE_PASSPHRASE/);
    expect(existsSync(join(home, 'secret.key'))).toBe(false);
    // …and the passphrase still opens everything afterwards.
    expect((await floeRun(['topics', '--profile', 'prod'], envFor(home, 'right'))).status).toBe(0);
  });
});
