// The lab's change data capture: PostgreSQL (own cluster, wal_level=logical) → Debezium 3.6.1 on
// the lab's Kafka Connect worker → Kafka, read back with Floe's reader. Inserts, updates, deletes and
// a primary-key change arrive as Debezium emits them (r/c/u/d and tombstones).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowseRecord } from '../../../shared/model/messages';
import { startCore } from '../core-session';
import { ConnectRest, deleteTopics, headersOf, labWithCdc, readTopic, valueText, type CdcLab } from '../connect-fixtures';
import { createCdcTable, debeziumPostgresConfig, dropCdcTable, pgRows, psql } from '../postgres-fixtures';

const suffix = Date.now().toString(36);
const cdc = { table: `customers_${suffix}`, publication: `pub_${suffix}`, slot: `slot_${suffix}`, topicPrefix: `cdc_${suffix}` };
const topic = `${cdc.topicPrefix}.public.${cdc.table}`;
const name = `cdc-pg-${suffix}`;
let lab: CdcLab;
let rest: ConnectRest;
let core: ReturnType<typeof startCore>;

interface Row {
  id: number;
  name: string;
  balance: string;
}
interface Change {
  op: string;
  before: Row | null;
  after: Row | null;
  source: { table: string; db: string; snapshot: string };
}

beforeAll(async () => {
  lab = await labWithCdc(inject('lab'));
  rest = new ConnectRest(lab.connect);
  core = startCore(lab.home);
}, 600_000);

afterAll(async () => {
  await rest?.delete(name);
  if (lab) {
    await dropCdcTable(lab.postgres, cdc);
    await deleteTopics(lab, [topic]);
  }
  await core?.close();
});

const keyOf = (r: BrowseRecord) => JSON.parse(String(r.key.value)) as { id: number };
const changeOf = (r: BrowseRecord) => {
  const text = valueText(r);
  return text === null ? null : (JSON.parse(text) as Change);
};

describe('PostgreSQL in the lab', () => {
  it('runs with logical decoding; the CDC user logs in over TCP with SCRAM and is no superuser', async () => {
    const [settings] = await pgRows<{ wal_level: string; listen: string }>(lab.postgres, `SELECT current_setting('wal_level') AS wal_level, current_setting('listen_addresses') AS listen`);
    expect(settings).toEqual({ wal_level: 'logical', listen: '127.0.0.1' });
    const [role] = await pgRows<{ rolreplication: boolean; rolsuper: boolean }>(lab.postgres, `SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = '${lab.postgres.user}'`);
    expect(role).toEqual({ rolreplication: true, rolsuper: false });
    const [auth] = await pgRows<{ method: string }>(lab.postgres, `SELECT auth_method AS method FROM pg_hba_file_rules WHERE type = 'host' AND 'all' = ANY(database)`);
    expect(auth?.method).toBe('scram-sha-256');
    const { host, port, user, database, password, binDir } = lab.postgres;
    const overTcp = (pass: string) =>
      spawnSync(join(binDir, 'psql'), ['-X', '-w', '-At', '-h', host, '-p', String(port), '-U', user, '-d', database, '-c', 'SELECT current_user'], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: pass } });
    expect(overTcp(password).stdout.trim()).toBe(user);
    expect(overTcp('not-the-password').stderr).toMatch(/password authentication failed/);
  });
});

describe('Debezium PostgreSQL connector', () => {
  it('emits snapshot reads, inserts, updates, deletes with tombstones and a primary-key change', async () => {
    await createCdcTable(lab.postgres, cdc, 'id int PRIMARY KEY, name text NOT NULL, balance numeric(12,2)');
    await psql(lab.postgres, `INSERT INTO public.${cdc.table} VALUES (1, 'Ada', 100.50), (2, 'Brian', 7.25);`);
    await rest.put(name, debeziumPostgresConfig(lab, cdc));
    await rest.waitRunning(name);
    // The snapshot has been taken once its two reads are on the topic: changes after this point stream.
    await readTopic(core, topic, { atLeast: 2 });
    await psql(
      lab.postgres,
      [
        `INSERT INTO public.${cdc.table} VALUES (3, 'Cleo', 0.01);`,
        `UPDATE public.${cdc.table} SET balance = 150.25 WHERE id = 1;`,
        `DELETE FROM public.${cdc.table} WHERE id = 2;`,
        `UPDATE public.${cdc.table} SET id = 30 WHERE id = 3;`,
      ].join('\n'),
    );

    const records = await readTopic(core, topic, { atLeast: 9 });
    expect(records).toHaveLength(9);
    const ada = { id: 1, name: 'Ada', balance: '100.50' };
    const brian = { id: 2, name: 'Brian', balance: '7.25' };
    const cleo = { id: 3, name: 'Cleo', balance: '0.01' };
    expect(records.map((r) => [keyOf(r).id, changeOf(r)?.op ?? 'tombstone', changeOf(r)?.before ?? null, changeOf(r)?.after ?? null])).toEqual([
      [1, 'r', null, ada],
      [2, 'r', null, brian],
      [3, 'c', null, cleo],
      [1, 'u', ada, { ...ada, balance: '150.25' }],
      [2, 'd', brian, null],
      [2, 'tombstone', null, null],
      [3, 'd', cleo, null],
      [3, 'tombstone', null, null],
      [30, 'c', null, { ...cleo, id: 30 }],
    ]);
    const sources = records.map(changeOf).filter((c): c is Change => c !== null);
    expect(sources.every((c) => c.source.table === cdc.table && c.source.db === lab.postgres.database)).toBe(true);
    expect(sources.map((c) => c.source.snapshot)).toEqual(['first', 'last', 'false', 'false', 'false', 'false', 'false']);
    // The primary-key change names the new key on its delete and tombstone, the old key on its create.
    expect(records.slice(6).map((r) => [headersOf(r)['__debezium.newkey'] ?? null, headersOf(r)['__debezium.oldkey'] ?? null])).toEqual([
      ['{"id":30}', null],
      ['{"id":30}', null],
      [null, '{"id":3}'],
    ]);

    // Folding the events by key gives exactly what SELECT * says.
    const folded = new Map<number, Row>();
    for (const r of records) {
      const change = changeOf(r);
      if (change?.after) folded.set(keyOf(r).id, change.after);
      else folded.delete(keyOf(r).id);
    }
    const table = await pgRows<Row>(lab.postgres, `SELECT id, name, balance::text AS balance FROM public.${cdc.table} ORDER BY id`);
    expect([...folded.values()].sort((a, b) => a.id - b.id)).toEqual(table);
  });

  it('keeps the CDC password out of the stored connector config (the worker resolves a file reference)', async () => {
    const config = await rest.request<Record<string, string>>('GET', `/connectors/${name}/config`);
    expect(config['database.password']).toBe(lab.connect.secretRefs.postgresPassword);
    expect(JSON.stringify(config)).not.toContain(lab.postgres.password);
  });
});
