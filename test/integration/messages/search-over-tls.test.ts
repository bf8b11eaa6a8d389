// Searches and pages over the lab's TLS listeners read exactly what the plaintext one does: each broker socket, TLS
// included, reads its responses whole into buffers of its own (ResponseReader), and a scan reuses its 2 MiB Fetch
// responses' buffers, so these checks take responses of every size, plaintext and decrypted.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import type { ProfileDraft } from '../../../shared/model/profile';
import { startCore } from '../core-session';
import { fillTopic } from '../filled-topic';

const lab = inject('lab');
const topic = `search-tls-${Date.now().toString(36)}`;
const PER_PARTITION = 20_000;
const core = startCore(lab.home);
let dropTopic: () => Promise<void> = async () => undefined;
const profiles: Record<string, string> = {};

beforeAll(async () => {
  dropTopic = await fillTopic(lab, topic, 3, PER_PARTITION); // ~9 MB: scan responses of ~2 MiB
  const ca = readFileSync(lab.kafka.caPemPath, 'utf8');
  const drafts: Record<string, Omit<ProfileDraft, 'name'>> = {
    plaintext: { kafka: { bootstrap: [lab.kafka.plaintext], security: { protocol: 'PLAINTEXT' } } },
    tls: { kafka: { bootstrap: [lab.kafka.ssl], security: { protocol: 'SSL', caPem: ca, skipVerify: false } } },
  };
  if (lab.kafka.mtls && lab.kafka.clientCertPemPath && lab.kafka.clientKeyPemPath)
    drafts.mtls = {
      kafka: { bootstrap: [lab.kafka.mtls], security: { protocol: 'SSL', caPem: ca, clientCertPem: readFileSync(lab.kafka.clientCertPemPath, 'utf8'), skipVerify: false } },
      secrets: { kafkaClientKeyPem: readFileSync(lab.kafka.clientKeyPemPath, 'utf8') },
    };
  for (const [name, draft] of Object.entries(drafts)) profiles[name] = (await core.client.call('connections.save', { name: `${topic} ${name}`, ...draft })).id;
}, 120_000);

afterAll(async () => {
  await core.close();
  await dropTopic();
});

async function searchAll(profileId: string, threads: number) {
  const rows: BrowseRecord[] = [];
  const summary = await core.client.stream('messages.search', { profileId, topic, filter: 'key == "k0" || key == "k12345" || key == "k19999"', maxMatches: 100, threads }, (e) => {
    if (e.kind === 'matches') rows.push(...e.records);
  });
  return { summary, rows: rows.map((r) => `${r.partition}:${r.offset}:${r.key.value}`).sort() };
}

describe('search over TLS', () => {
  it.each([0, 1])('finds the same records at the same offsets over TLS, mTLS and plaintext (%i worker threads)', async (threads) => {
    const expected = [0, 1, 2].flatMap((p) => [0, 12345, 19999].map((i) => `${p}:${i}:k${i}`)).sort();
    for (const [name, id] of Object.entries(profiles)) {
      const { summary, rows } = await searchAll(id, threads);
      expect({ name, scanned: summary.scanned, matched: summary.matched, failures: summary.failures }).toEqual({ name, scanned: 3 * PER_PARTITION, matched: 9, failures: [] });
      expect(rows).toEqual(expected);
    }
  }, 120_000);

  it('pages the same records over TLS as over plaintext, from the middle of each partition', async () => {
    const page = async (profileId: string) => {
      const r = await core.client.call('messages.read', { profileId, topic, start: { kind: 'offset', offset: 10_000 }, limit: 500 });
      return r.records.map((x) => `${x.partition}:${x.offset}:${x.key.value}:${x.size}`);
    };
    const plain = await page(profiles.plaintext!);
    expect(plain).toHaveLength(500);
    expect(await page(profiles.tls!)).toEqual(plain);
  }, 60_000);
});
