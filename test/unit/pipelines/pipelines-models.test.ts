import { describe, expect, it } from 'vitest';
import { FloeError } from '../../../shared/errors';
import { deadLetterTopicOf, LandJobSpec, type LandStatus } from '../../../shared/model/land';
import { errorsText, formatSeconds, lagText, modeText, stateOf, tableName } from '../../../renderer/src/features/pipelines/job-format';
import { emptyLandForm, problemsOfCoreError, specFromForm, type LandForm } from '../../../renderer/src/features/pipelines/land-form-model';

const utc = (text: string) => {
  const ms = Date.parse(text.replace(' ', 'T') + 'Z');
  if (Number.isNaN(ms)) throw new Error(`"${text}" is not a time`);
  return ms;
};
const filled = (over: Partial<LandForm> = {}): LandForm => ({ ...emptyLandForm('local-lab'), name: 'orders-job', topic: 'orders', catalogPath: '/tmp/c.db', warehouse: '/tmp/wh', table: 'db.orders', ...over });

describe('the New landing form', () => {
  it('builds the spec the core takes, with defaults left to the core', () => {
    const { spec, problems } = specFromForm(filled(), utc);
    expect(problems).toEqual({});
    expect(spec).toEqual({
      name: 'orders-job',
      profileId: 'local-lab',
      topic: 'orders',
      catalog: { kind: 'sqlite', path: '/tmp/c.db', warehouse: '/tmp/wh', create: true },
      table: { namespace: ['db'], name: 'orders' },
      metadataColumns: 'none',
      partitionBy: [],
      commit: { intervalMs: 10_000 },
      start: 'earliest',
      badRecords: 'suspend',
    });
    expect(LandJobSpec.parse(spec).mode).toBeUndefined(); // from the topic
  });

  it('carries every option: mode, keys, a start time, size-based commits, dead letters, metadata columns, partitions', () => {
    const form = filled({ mode: 'upsert', keyFields: 'id, region', startKind: 'time', startTime: '2026-01-02 03:04:05', commitSeconds: '2.5', commitMiB: '64', badRecords: 'dead-letter', deadLetterTopic: 'orders.dlq', metadataColumns: 'floe', partitionBy: 'day(ts)\n bucket(16, id) \n', storeProfile: 's3p' });
    const { spec } = specFromForm(form, utc);
    expect(spec).toMatchObject({
      mode: 'upsert',
      keyFields: ['id', 'region'],
      start: { timestampMs: Date.UTC(2026, 0, 2, 3, 4, 5) },
      commit: { intervalMs: 2500, maxBytes: 64 * 1024 * 1024 },
      badRecords: 'dead-letter',
      deadLetterTopic: 'orders.dlq',
      metadataColumns: 'floe',
      partitionBy: ['day(ts)', 'bucket(16, id)'],
      catalog: { objectStore: { profileId: 's3p' } },
    });
    // Key columns mean nothing to append; a DLQ topic nothing to other policies.
    expect(specFromForm({ ...form, mode: 'append', badRecords: 'skip' }, utc).spec).not.toHaveProperty('keyFields');
    expect(specFromForm({ ...form, mode: 'append', badRecords: 'skip' }, utc).spec).not.toHaveProperty('deadLetterTopic');
  });

  it('names each problem by its field, in the form’s units', () => {
    const blank = specFromForm(emptyLandForm(''), utc);
    expect(blank.spec).toBeNull();
    expect(blank.problems).toMatchObject({
      name: 'Name the job (up to 200 characters)',
      profileId: 'Pick the cluster the topic is on',
      topic: 'Pick the topic to land',
      catalogPath: 'Enter the path of the SQL catalog’s SQLite file',
      table: 'Name the table as namespace.table, e.g. db.events',
    });
    expect(specFromForm(filled({ commitSeconds: '0.1' }), utc).problems).toEqual({ commitSeconds: 'The commit interval is 0.2 s to 1 hour' });
    expect(specFromForm(filled({ commitSeconds: 'soon' }), utc).problems).toEqual({ commitSeconds: 'Enter the commit interval in seconds, e.g. 10' });
    expect(specFromForm(filled({ commitMiB: '0.5' }), utc).problems).toEqual({ commitMiB: 'A commit size is at least 1 MiB' });
    expect(specFromForm(filled({ startKind: 'time', startTime: 'yesterday' }), utc).problems).toEqual({ startTime: '"yesterday" is not a time' });
    expect(specFromForm(filled({ name: '   ' }), utc).problems).toHaveProperty('name');
  });

  it('shows the core’s refusals by the field they are about', () => {
    const bad = new FloeError('BAD_INPUT', 'Invalid input for land.create: …', { issues: ['catalog.path: Required', 'commit.intervalMs: too small'] });
    expect(problemsOfCoreError(bad)).toEqual({ catalogPath: 'Required', commitSeconds: 'too small' });
    expect(problemsOfCoreError(new FloeError('CONFLICT', 'A landing job named "x" already exists'))).toEqual({ name: 'A landing job named "x" already exists' });
    expect(problemsOfCoreError(new FloeError('CONFLICT', 'Job "y" already lands into db.orders: two jobs on one table would fight over its rows'))).toHaveProperty('table');
    expect(problemsOfCoreError(new FloeError('UNREACHABLE', 'broker down'))).toEqual({ form: 'broker down' });
  });
});

describe('job status text', () => {
  const status = (over: Partial<LandStatus> = {}): LandStatus => ({
    id: 'j',
    name: 'j',
    state: 'running',
    reason: null,
    mode: null,
    table: 'db.t',
    partitions: [],
    lagRecords: 0,
    lagSeconds: 0,
    recordsPerSec: 0,
    landedRecords: 0,
    lastCommit: null,
    errors: { decode: 0, skipped: 0, deadLettered: 0 },
    updatedAtMs: 0,
    ...over,
  });

  it('says lag in records and, when known, seconds behind', () => {
    expect(lagText(status())).toBe('caught up');
    expect(lagText(status({ lagRecords: 1, lagSeconds: 0 }))).toBe('1 record');
    expect(lagText(status({ lagRecords: 1093, lagSeconds: 2.54 }))).toBe('1,093 records · 2.5 s behind');
    expect([formatSeconds(42.4), formatSeconds(600), formatSeconds(7500)]).toEqual(['42 s', '10 min', '2 h 5 min']);
  });

  it('names errors, state, mode, table and the dead-letter topic', () => {
    expect(errorsText({ decode: 0, skipped: 0, deadLettered: 0 })).toBe('none');
    expect(errorsText({ decode: 3, skipped: 0, deadLettered: 2 })).toBe('decode 3 · dead-lettered 2');
    expect(stateOf({ running: false, status: null })).toBe('not started');
    expect(stateOf({ running: true, status: status({ state: 'paused' }) })).toBe('paused');
    expect(modeText({ mode: 'cdc' }, null)).toBe('cdc');
    expect(modeText({}, status({ mode: 'upsert' }))).toBe('upsert (from the topic)');
    expect(modeText({}, null)).toBe('from the topic');
    expect(tableName({ table: { namespace: ['a', 'b'], name: 'c' } })).toBe('a.b.c');
    expect(deadLetterTopicOf({ topic: 'o', badRecords: 'dead-letter' })).toBe('o.floe-dlq');
    expect(deadLetterTopicOf({ topic: 'o', badRecords: 'dead-letter', deadLetterTopic: 'd' })).toBe('d');
    expect(deadLetterTopicOf({ topic: 'o', badRecords: 'skip' })).toBeNull();
  });
});
