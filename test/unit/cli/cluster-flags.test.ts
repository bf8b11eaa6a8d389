import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_OPTIONS, parse } from '../../../electron/cli/args';
import { adhocProfile } from '../../../electron/cli/cluster-target';

const dir = mkdtempSync(join(tmpdir(), 'floe-cluster-flags-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${name}-----\n`);
  return path;
};
const flags = (...argv: string[]) => parse(argv, CLUSTER_OPTIONS).values;
const refusal = (...argv: string[]) => {
  try {
    adhocProfile(flags(...argv), {});
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
};

describe('ad-hoc cluster flags', () => {
  it.each([['--registry', 'http://r:8081'], ['--registry-user', 'me'], ['--security', 'SSL'], ['--mechanism', 'PLAIN'], ['--username', 'me'], ['--tls-ca', 'ca.pem'], ['--ca', 'ca.pem'], ['--tls-cert', 'c.pem'], ['--tls-key', 'k.pem'], ['--insecure']])(
    '%s without --bootstrap is refused, not ignored',
    (...argv) => {
      const e = refusal(...argv);
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toContain(argv[0]);
      expect(e.message).toMatch(/--bootstrap/);
    },
  );

  it('without any of them there is no ad-hoc profile (a --profile or the lab is used)', () => {
    expect(adhocProfile(flags('--profile', 'prod'), {})).toBeNull();
    expect(adhocProfile(flags(), {})).toBeNull();
  });

  it('refuses --profile with --bootstrap', () => {
    expect(refusal('--profile', 'prod', '--bootstrap', 'h:9092').message).toMatch(/--profile.*--bootstrap/);
  });

  it('refuses TLS flags without TLS, SASL flags without SASL, a registry user without a registry', () => {
    expect(refusal('--bootstrap', 'h:9092', '--tls-ca', pem('ca')).message).toMatch(/--tls-ca.*--security SSL or SASL_SSL/);
    expect(refusal('--bootstrap', 'h:9092', '--security', 'SASL_PLAINTEXT', '--insecure').message).toMatch(/--insecure/);
    expect(refusal('--bootstrap', 'h:9092', '--username', 'me').message).toMatch(/--username.*SASL_PLAINTEXT or SASL_SSL/);
    expect(refusal('--bootstrap', 'h:9092', '--registry-user', 'me').message).toMatch(/--registry-user.*--registry/);
    expect(refusal('--bootstrap', 'h:9092', '--security', 'SSL', '--tls-cert', pem('cert')).message).toMatch(/--tls-cert.*--tls-key/);
    expect(refusal('--bootstrap', 'h:9092', '--security', 'SSL', '--ca', pem('a'), '--tls-ca', pem('b')).message).toMatch(/--ca.*--tls-ca/);
  });

  it('TLS files are --tls-ca, --tls-cert, --tls-key; --ca and --cert are the older spellings', () => {
    const key = pem('key');
    const fresh = adhocProfile(flags('--bootstrap', 'h:9093', '--security', 'SSL', '--tls-ca', pem('ca1'), '--tls-cert', pem('cert1'), '--tls-key', key), {});
    expect(fresh?.profile.kafka.security).toMatchObject({ protocol: 'SSL', caPem: '-----BEGIN ca1-----\n', clientCertPem: '-----BEGIN cert1-----\n' });
    expect(fresh?.secrets.kafkaClientKeyPem).toBe('-----BEGIN key-----\n');
    const old = adhocProfile(flags('--bootstrap', 'h:9093', '--security', 'SSL', '--ca', pem('ca2'), '--cert', pem('cert2'), '--tls-key', key), {});
    expect(old?.profile.kafka.security).toMatchObject({ caPem: '-----BEGIN ca2-----\n', clientCertPem: '-----BEGIN cert2-----\n' });
  });

  it('--registry with --bootstrap is used', () => {
    const p = adhocProfile(flags('--bootstrap', 'h:9092', '--registry', 'http://r:8081', '--registry-user', 'me'), { FLOE_REGISTRY_PASSWORD: 'pw' });
    expect(p?.profile.registry).toEqual({ url: 'http://r:8081', username: 'me' });
    expect(p?.secrets.registryPassword).toBe('pw');
  });

  it('--key is not a cluster flag; the refusal points at --tls-key', () => {
    expect(() => flags('--key', 'k.pem')).toThrowError(expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/--key.*--tls-key/) }));
  });
});
