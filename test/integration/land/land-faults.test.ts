import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWireFrame } from '../../../electron/core/decode/wire-format';
import { startLab, stopLab, type LabInfo } from '../../../electron/lab';
import { floeRun } from '../cli/floe-process';
import { icebergRows, landingCatalog } from './land-fixtures';
import { seededRandom } from '../seeded-random';
import { exactProducer } from '../exact-producer';
import { registerSchema } from '../registry-fixtures';

// kill -9 of `floe land run` at random moments (while reading, staging, committing, between), a broker restart
// under running jobs, then a clean run to the end: the tables must equal the topic exactly, read by pyiceberg.
// Run twice: as it is, and with maintenance in between and meanwhile — the jobs' own schedule (compaction and expiry
// every few commits) plus `floe maintain` compaction, expiry and manifest rewrites from other processes while the
// jobs land. A lab of its own, so restarting its broker disturbs no other test. A third run lands registry Avro, which
// takes the direct path (avro-direct.ts: read from the bytes straight into the staged columns) in both jobs.

const root = join(import.meta.dirname, '..', '..', '..');
const SEED = Number(process.env.FLOE_FAULT_SEED ?? 20261130);
const WAVE = 2000;
const KEYS = 400;
const PARTITIONS = 3;

let lab: LabInfo;
const home = mkdtempSync(join(tmpdir(), 'floe-fault-lab-'));
const env = { ...process.env, FLOE_HOME: mkdtempSync(join(tmpdir(), 'floe-fault-home-')), FLOE_LAB_HOME: home, FLOE_NO_KEYRING: '1' };
const log = (line: string) => process.stderr.write(`[land-faults] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Kafka Connect's JSON with its schema in each record: typed columns without a registry (which a lab restart empties).
const keySchema = { type: 'struct', optional: false, fields: [{ field: 'id', type: 'int64', optional: false }] };
const valueSchema = {
  type: 'struct',
  optional: false,
  fields: [
    { field: 'id', type: 'int64', optional: false },
    { field: 'seq', type: 'int64', optional: false },
    { field: 'note', type: 'string', optional: true },
  ],
};
// Registry Avro: the upsert key (`order`) comes from the Kafka key only, so the upsert job takes the direct path too.
// Without a broker restart: the lab restarts its in-memory registry with it, and the schema ids would be gone.
const avroKey = avro.Type.forSchema({ type: 'record', name: 'OrderKey', fields: [{ name: 'order', type: 'long' }] });
const avroValue = avro.Type.forSchema({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'seq', type: 'long' },
    { name: 'note', type: ['null', 'string'] },
  ],
});
let avroIds: { key: number; value: number } | null = null;

const registerAvro = (subject: string, type: avro.Type) => registerSchema(lab.registry!.url, subject, JSON.stringify(type.schema()));
const framed = (schemaId: number, type: avro.Type, value: unknown) => Buffer.from(writeWireFrame(schemaId, type.toBuffer(value)));

type Format = 'connect-json' | 'avro';

function encoded(format: Format, r: { id: number; seq: number; note: string }): { key: Buffer | string; value: Buffer | string } {
  if (format === 'avro') return { key: framed(avroIds!.key, avroKey, { order: r.id }), value: framed(avroIds!.value, avroValue, r) };
  return { key: JSON.stringify({ schema: keySchema, payload: { id: r.id } }), value: JSON.stringify({ schema: valueSchema, payload: r }) };
}

interface Produced {
  id: number;
  seq: number;
  note: string;
  partition: number;
  offset: number;
}
/** One send of WAVE records, each key always in the same partition: a partition's records take consecutive offsets from its base offset. */
async function produceWave(topic: string, format: Format, produced: Produced[]): Promise<void> {
  const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
  const producer = exactProducer(kafka);
  await producer.connect();
  try {
    const wave = Array.from({ length: WAVE }, (_, j) => {
      const seq = produced.length + j;
      const id = (seq * 7919) % KEYS;
      return { id, seq, note: `order ${seq} ${'.'.repeat(seq % 40)}`, partition: id % PARTITIONS };
    });
    const results = await producer.send({
      topic,
      acks: -1,
      messages: wave.map((r) => ({ partition: r.partition, ...encoded(format, { id: r.id, seq: r.seq, note: r.note }) })),
    });
    const next = new Map(results.map((r) => [r.partition, Number(r.baseOffset)]));
    for (const r of wave) {
      const offset = next.get(r.partition)!;
      next.set(r.partition, offset + 1);
      produced.push({ ...r, offset });
    }
  } finally {
    await producer.disconnect();
  }
}

/** `floe land run NAME` in a process of its own; `landing` settles once the job reports its first status line. */
function land(name: string): ChildProcess & { landing: Promise<void>; lastStatus: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'land', 'run', name], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const landing = new Promise<void>((resolve) => child.stderr!.once('data', () => resolve()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && code !== 0) log(`${name} exited ${code}: ${err.trim().split('\n').slice(-6).join(' | ')}`);
  });
  const lastStatus = () => /landed \d+/.exec(err.trim().split('\n').at(-1) ?? '')?.[0] ?? 'starting';
  return Object.assign(child, { landing, lastStatus });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

async function kill(children: ChildProcess[]): Promise<void> {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all(children.map(exited));
}

const catalog = landingCatalog();

/** `floe maintain OP TABLE` in a process of its own, beside the landing jobs; its outcome is logged (losing a race is fine). */
function maintainMeanwhile(op: string, table: string, ...args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/floe.mjs'), 'maintain', op, table, '--catalog', `sqlite:${catalog.path}`, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', (code) => {
      log(`floe maintain ${op} ${table}: ${code === 0 ? '' : `exit ${code}: `}${out.trim().split('\n')[0]}`);
      resolve();
    });
  });
}

beforeAll(async () => {
  lab = await startLab({ home, onProgress: log });
  const kafka = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: ['fault-orders', 'fault-maint', 'fault-avro'].map((topic) => ({ topic, numPartitions: PARTITIONS })), waitForLeaders: true });
  await admin.disconnect();
}, 300_000);

afterAll(async () => {
  await stopLab({ home });
});

/** The scenario: KILLS cycles of landing, producing and kill -9 (a broker restart half-way unless not to), then a clean run to the end. */
async function underFaults(v: { topic: string; prefix: string; kills: number; maintenance: boolean; format?: Format; restart?: boolean }) {
  const format = v.format ?? 'connect-json';
  const produced: Produced[] = [];
  const [appendName, upsertName] = [`${v.prefix}appended`, `${v.prefix}upserted`];
  const [appendTable, upsertTable] = [`fault.${appendName}`, `fault.${upsertName}`];
  const appendRows = () => icebergRows(catalog.path, appendTable);
  const upsertRows = () => icebergRows(catalog.path, upsertTable);
  const schedule = v.maintenance ? ['--compact-files', '6', '--compact-every', '10s', '--expire-every', '10s', '--expire-older-than', '0s', '--retain-last', '2'] : ['--maintenance', 'off'];
  const common = ['--topic', v.topic, '--catalog', `sqlite:${catalog.path}`, '--warehouse', catalog.warehouse, '--interval', '0.3', ...schedule];
  for (const args of [
    [appendName, '--table', appendTable, '--mode', 'append', '--metadata-columns', 'floe'],
    [upsertName, '--table', upsertTable, '--mode', 'upsert'],
  ]) {
    const made = await floeRun(['land', 'create', ...args, ...common], env);
    expect(made.status, made.stderr).toBe(0);
  }
  await produceWave(v.topic, format, produced);

  const next = seededRandom(SEED);
  const restartAt = v.restart === false ? -1 : Math.floor(v.kills / 2);
  const meanwhile: Promise<void>[] = [];
  for (let cycle = 0; cycle < v.kills; cycle++) {
    const running = [land(appendName), land(upsertName)];
    await produceWave(v.topic, format, produced); // records arrive while the jobs land, committed every 0.3 s
    if (v.maintenance) {
      // Other processes maintain the tables while the jobs land (and are killed): compaction, expiry, manifests.
      const op = [['compact'], ['expire', '--older-than', '1s', '--retain-last', '1'], ['rewrite-manifests', '--entries-per-manifest', '50']][cycle % 3]!;
      meanwhile.push(maintainMeanwhile(op[0]!, upsertTable, ...op.slice(1)), maintainMeanwhile(op[0]!, appendTable, ...op.slice(1)));
    }
    if (cycle === restartAt) {
      await Promise.all(running.map((c) => c.landing));
      await sleep(500);
      log('restarting the broker under the running jobs');
      await stopLab({ home });
      lab = await startLab({ home, onProgress: log });
      await sleep(4000); // the jobs find the broker again by themselves
      expect(running.map((c) => c.exitCode)).toEqual([null, null]);
    }
    // Most kills fall while the jobs land (after their first status: reading, staging, committing); every fourth
    // during the start (loading the table, rebuilding the key index).
    const afterStart = cycle % 4 !== 3;
    if (afterStart) await Promise.race([Promise.all(running.map((c) => c.landing)), sleep(60_000)]);
    const after = Math.floor(next() * (afterStart ? 2500 : 4000));
    await sleep(after);
    await kill(running);
    log(`cycle ${cycle}: killed ${after} ms after its ${afterStart ? 'first status' : 'spawn'}; last status: ${running.map((c) => c.lastStatus()).join(' / ')}`);
  }

  // A clean run to the end, then a stop that commits what it staged.
  await Promise.all(meanwhile);
  const finals = [land(appendName), land(upsertName)];
  if (v.maintenance) {
    // The jobs' own schedule runs too: records keep coming until both jobs have compacted and expired by themselves.
    const ranBoth = async () => {
      const statuses = JSON.parse((await floeRun(['land', 'status', '--json'], env)).stdout) as { name: string; maintenance?: { last: Record<string, { ok: boolean }> } }[];
      return [appendName, upsertName].every((n) => ['compact', 'expire'].every((op) => statuses.find((s) => s.name === n)?.maintenance?.last[op]?.ok));
    };
    for (const until = Date.now() + 90_000; Date.now() < until && !(await ranBoth()); ) {
      await produceWave(v.topic, format, produced);
      await sleep(3000);
    }
  }
  const latest = new Map<number, Produced>();
  for (const r of produced) latest.set(r.id, r);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await sleep(2000);
    try {
      if (appendRows().rows.length >= produced.length && upsertRows().rows.every((r) => Number(r.seq) === latest.get(Number(r.id))?.seq) && upsertRows().rows.length === latest.size) break;
    } catch {
      // no table yet
    }
  }
  for (const name of [appendName, upsertName]) expect((await floeRun(['land', 'stop', name], env)).status).toBe(0);
  expect(await Promise.all(finals.map(exited))).toEqual([0, 0]);

  const appended = appendRows();
  const key = (p: unknown, o: unknown) => `${String(p)}:${String(o)}`;
  const seen = new Map<string, number>();
  for (const r of appended.rows) seen.set(key(r.floe_partition, r.floe_offset), (seen.get(key(r.floe_partition, r.floe_offset)) ?? 0) + 1);
  const doubled = [...seen].filter(([, n]) => n > 1);
  const missing = produced.filter((r) => !seen.has(key(r.partition, r.offset)));
  log(`${produced.length} records, ${appended.rows.length} appended rows in ${appended.snapshots} snapshots; ${doubled.length} doubled, ${missing.length} missing`);
  // Commits happened in most cycles, so kills fell around them (with maintenance, expiry keeps few snapshots: the commits are counted in the status).
  if (!v.maintenance) expect(appended.snapshots).toBeGreaterThanOrEqual(v.kills / 2);
  expect(doubled).toEqual([]);
  expect(missing).toEqual([]);
  expect(appended.rows.length).toBe(produced.length);
  const bySeq = new Map(produced.map((r) => [r.seq, r]));
  for (const r of appended.rows) {
    const want = bySeq.get(Number(r.seq))!;
    expect([r.id, r.note, r.floe_partition, r.floe_offset]).toEqual([String(want.id), want.note, String(want.partition), String(want.offset)]);
  }

  if (format === 'avro') expect(upsertRows().rows.filter((r) => r.order !== r.id)).toEqual([]);
  const upserted = upsertRows().rows.map((r) => ({ id: Number(r.id), seq: Number(r.seq), note: r.note })).sort((a, b) => a.id - b.id);
  expect(upserted).toEqual([...latest.values()].map((r) => ({ id: r.id, seq: r.seq, note: r.note })).sort((a, b) => a.id - b.id));
  return { appended, upserted: upsertRows() };
}

describe('landing under faults', () => {
  it('equals the topic exactly after 12 kill -9s at random moments and a broker restart (pyiceberg reads it)', async () => {
    await underFaults({ topic: 'fault-orders', prefix: '', kills: 12, maintenance: false });
  }, 600_000);

  it('stays exactly once with compaction, expiry and manifest rewrites in between and meanwhile (8 kill -9s, a broker restart)', async () => {
    const { appended, upserted } = await underFaults({ topic: 'fault-maint', prefix: 'm_', kills: 8, maintenance: true });
    // Maintenance did run: Floe compactions in the history, and expiry kept it short.
    const compactions = [appended, upserted].map((t) => t.summaries.filter((s) => s['floe.maintain'] === 'compact').length);
    log(`with maintenance: ${appended.snapshots} and ${upserted.snapshots} snapshots left, ${compactions.join(' and ')} compactions among them`);
    for (const t of [appended, upserted]) expect(t.snapshots).toBeLessThan(60);
    const statuses = JSON.parse((await floeRun(['land', 'status', '--json'], env)).stdout) as { name: string; maintenance?: { last: Record<string, { ok: boolean; message: string }> } }[];
    for (const name of ['m_appended', 'm_upserted']) {
      const last = statuses.find((s) => s.name === name)?.maintenance?.last ?? {};
      log(`${name}: ${Object.entries(last).map(([op, r]) => `${op} ${r.ok ? 'ok' : 'failed'}: ${r.message}`).join(' | ')}`);
      expect(Object.keys(last)).toEqual(expect.arrayContaining(['compact', 'expire']));
    }
  }, 600_000);

  it('stays exactly once on the direct path: registry Avro, append and upsert keyed by the Kafka key (6 kill -9s)', async () => {
    avroIds = { key: await registerAvro('fault-avro-key', avroKey), value: await registerAvro('fault-avro-value', avroValue) };
    await underFaults({ topic: 'fault-avro', prefix: 'a_', kills: 6, maintenance: false, format: 'avro', restart: false });
  }, 600_000);
});
