import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { createTopics, deleteTopics } from '../connect-fixtures';
import { pythonProduce } from '../python-kafka';
import { duckdbRows, icebergRows, jobSpec, landingCatalog, waitFor } from './land-fixtures';

// Append and upsert jobs read registry Avro straight from its bytes into the staged columns when their table is
// unpartitioned or partitioned on integer or temporal columns (direct-staging.ts); a table partitioned on a string
// takes the decoder's path. The same topic landed the three ways, with metadata columns, must give the same rows:
// records written by confluent-kafka's AvroSerializer, read by pyiceberg.

const lab = inject('lab');
const suffix = Date.now().toString(36);
const topic = `land-direct-${suffix}`;
let core: ReturnType<typeof startCore>;

const READING = JSON.stringify({
  type: 'record',
  name: 'Reading',
  namespace: 'floe.direct',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'unit', type: { type: 'enum', name: 'Unit', symbols: ['C', 'F', 'KELVIN_DEGREES'] } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'ref', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'long' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'place', type: ['null', { type: 'record', name: 'Place', fields: [{ name: 'city', type: 'string' }, { name: 'lat', type: 'double' }] }], default: null },
  ],
});
const N = 600;
/** Keys repeat (three values each) and the last 20 records are tombstones of keys k0…k19. */
const KEYS = 200;
const TOMBSTONES = 20;
const reading = (i: number) => ({
  id: 2n ** 62n + BigInt(i),
  name: i % 3 === 0 ? `reading-${i}` : `ünïcødé reading number ${i}, past twelve bytes`,
  amount: i / 8,
  unit: ['C', 'F', 'KELVIN_DEGREES'][i % 3],
  at: 1_767_225_600_000 + i,
  day: 20_454 + (i % 30),
  ref: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
  tags: Array.from({ length: i % 3 }, (_, k) => `tag-${k}-${'x'.repeat(k * 10)}`),
  attrs: i % 2 ? { a: i, ['a key longer than twelve']: -i } : {},
  note: i % 4 ? `note ${i}` : null,
  place: i % 5 ? { city: i % 2 ? 'Zürich' : 'Oslo', lat: i / 3 } : null,
});

beforeAll(async () => {
  core = startCore(lab.home);
  await createTopics(lab, [{ topic, partitions: 3 }]);
  pythonProduce(
    lab,
    topic,
    [
      ...Array.from({ length: N }, (_, i) => ({ key: `k${i % KEYS}`, value: reading(i), format: 'avro' as const, ...(i % 2 ? { headers: { trace: `t-${i}`, 'a header key past twelve': 'v' } } : {}) })),
      ...Array.from({ length: TOMBSTONES }, (_, i) => ({ key: `k${i}`, value: null })),
    ],
    { schemas: { avro: READING } },
  );
}, 120_000);

afterAll(async () => {
  await core?.close();
  await deleteTopics(lab, [topic]);
});

const byCoordinates = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.$$partition) - Number(b.$$partition) || Number(a.$$offset) - Number(b.$$offset);

/**
 * Lands the topic three times in a mode: direct into an unpartitioned table and into one partitioned by day and bucket,
 * decoded into one partitioned on a string; their rows as pyiceberg reads them (DuckDB reading the same).
 */
async function landedThreeWays(mode: 'append' | 'upsert', metadataColumns: 'tableflow' | 'floe', order: (a: Record<string, unknown>, b: Record<string, unknown>) => number) {
  const catalog = landingCatalog();
  const landed: Record<string, unknown>[][] = [];
  for (const [name, partitionBy] of [
    [`direct_${mode}`, undefined],
    [`direct_partitioned_${mode}`, ['day(at)', 'bucket(2, id)']],
    [`decoded_${mode}`, ['bucket(2, name)']],
  ] as const) {
    const job = await core.client.call('land.create', jobSpec(catalog, { name: `${name}-${suffix}`, topic, mode, metadataColumns, table: { namespace: ['direct'], name }, ...(partitionBy ? { partitionBy: [...partitionBy] } : {}) }));
    await core.client.call('land.start', { job: job.id });
    expect(await waitFor(core, job.id, (s) => s.landedRecords >= N + TOMBSTONES)).toMatchObject({ state: 'running', errors: { decode: 0 } });
    await core.client.call('land.stop', { job: job.id });
    const table = icebergRows(catalog.path, `direct.${name}`);
    expect(duckdbRows(table.metadata, table.snapshotId!).sort(order)).toEqual(table.rows.sort(order));
    landed.push(table.rows);
  }
  return landed as [Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[]];
}

describe('landing jobs that read Avro straight into columns', () => {
  it('append: the rows the decoder path lands, metadata columns and all', async () => {
    const [direct, partitioned, decoded] = await landedThreeWays('append', 'tableflow', byCoordinates);
    expect(direct).toHaveLength(N);
    expect(direct).toEqual(decoded);
    expect(partitioned).toEqual(decoded);
    const first = direct.find((r) => r.id === String(2n ** 62n + 1n))!;
    expect(first).toMatchObject({ name: 'ünïcødé reading number 1, past twelve bytes', unit: 'F', at: String((1_767_225_600_000 + 1) * 1000), ref: '00000000-0000-4000-8000-000000000001', tags: ['tag-0-'], note: 'note 1', place: { city: 'Zürich', lat: repr(1 / 3) }, $$topic: topic, $$timestamp_type: 'CreateTime' });
    expect(first.$$headers).toEqual([
      { key: 'trace', value: Buffer.from('t-1').toString('hex') },
      { key: 'a header key past twelve', value: Buffer.from('v').toString('hex') },
    ]);
  });

  it('upsert: the latest value per key, tombstones applied, as the decoder path lands them', async () => {
    const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.key).localeCompare(String(b.key));
    const [direct, partitioned, decoded] = await landedThreeWays('upsert', 'floe', byKey);
    expect(direct).toHaveLength(KEYS - TOMBSTONES);
    expect(direct).toEqual(decoded);
    expect(partitioned).toEqual(decoded);
    // k25's last value is record 425 (three values per key: 25, 225, 425).
    expect(direct.find((r) => r.key === 'k25')).toMatchObject({ id: String(2n ** 62n + 425n), floe_offset: expect.any(String) });
    expect(direct.some((r) => r.key === 'k5')).toBe(false);
  });
});

/** A double as Python's repr prints it (what the oracles' normalisation gives). */
function repr(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
