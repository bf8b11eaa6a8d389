// Issue 13: the table page's maintenance fields become requests, or say which field is wrong and why; sizes and
// durations read alike by the page and `floe maintain`.
import { describe, expect, it } from 'vitest';
import { compactRequest, DEFAULTS, expireRequest, figureName, hasWork, matchesPlan, orphansRequest, rewriteManifestsRequest } from '../../../renderer/src/features/tables/maintain-form';
import { formatAge, formatDuration, parseDuration, parseSize } from '../../../shared/maintain-units';
import type { MaintainReport } from '../../../shared/model/maintain';

describe('maintenance units', () => {
  it('reads durations and sizes, and nothing else', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration(' 36h ')).toBe(36 * 3_600_000);
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('30s')).toBe(30_000);
    for (const bad of ['', '7', '5x', '-1d', '1.5h', 'd']) expect(parseDuration(bad), bad).toBeNull();
    expect(parseSize('128m')).toBe(128 * 1024 ** 2);
    expect(parseSize('64MiB')).toBe(64 * 1024 ** 2);
    expect(parseSize('512k')).toBe(512 * 1024);
    expect(parseSize('1g')).toBe(1024 ** 3);
    expect(parseSize('4096')).toBe(4096);
    for (const bad of ['', 'm', '1t', '-5m', '1.5g']) expect(parseSize(bad), bad).toBeNull();
  });

  it('writes a duration back in its largest whole unit, and an age for people', () => {
    expect(formatDuration(3 * 86_400_000)).toBe('3d');
    expect(formatDuration(36 * 3_600_000)).toBe('36h');
    expect(formatDuration(90_000)).toBe('90s');
    expect(parseDuration(formatDuration(5_400_000))).toBe(5_400_000);
    expect(formatAge(2.5 * 86_400_000)).toBe('2.5 days');
    expect(formatAge(3 * 3_600_000)).toBe('3.0 hours');
    expect(formatAge(12 * 60_000)).toBe('12 minutes');
    expect(formatAge(4_000)).toBe('4 seconds');
  });
});

describe('maintenance fields', () => {
  it('the defaults are requests the core accepts', () => {
    expect(compactRequest(DEFAULTS.compact)).toEqual({ request: {} });
    expect(expireRequest(DEFAULTS.expire)).toEqual({ request: { olderThanMs: 5 * 86_400_000, retainLast: 1 } });
    expect(orphansRequest(DEFAULTS.orphans)).toEqual({ request: { olderThanMs: 3 * 86_400_000 } });
    expect(rewriteManifestsRequest(DEFAULTS['rewrite-manifests'])).toEqual({ request: { entriesPerManifest: 100_000 } });
  });

  it('says which field is wrong and why', () => {
    expect(compactRequest({ targetFileSize: '64m' })).toEqual({ request: { targetFileBytes: 64 * 1024 ** 2 } });
    expect(compactRequest({ targetFileSize: 'big' })).toEqual({ problem: expect.stringMatching(/^Target file size: say a size such as 128m.*not "big"/) as string });
    expect(compactRequest({ targetFileSize: '12' })).toEqual({ problem: 'Target file size: at least 1k' });
    expect(expireRequest({ olderThan: 'soon', retainLast: '1' })).toEqual({ problem: expect.stringMatching(/^Older than: .*not "soon"/) as string });
    expect(expireRequest({ olderThan: '1d', retainLast: '0' })).toEqual({ problem: expect.stringMatching(/^Retain last: .*1 or more/) as string });
    expect(expireRequest({ olderThan: '0s', retainLast: '1,000' })).toEqual({ request: { olderThanMs: 0, retainLast: 1000 } });
    // The safety age has a floor: files a writer is about to commit must never look orphaned.
    expect(orphansRequest({ olderThan: '30s' })).toEqual({ problem: expect.stringMatching(/^Safety age: at least 1m/) as string });
    expect(orphansRequest({ olderThan: '1m' })).toEqual({ request: { olderThanMs: 60_000 } });
    expect(rewriteManifestsRequest({ entriesPerManifest: 'many' })).toEqual({ problem: expect.stringMatching(/^Entries per manifest: .*not "many"/) as string });
  });

  it('names report figures for people, and a plan with nothing to remove offers no confirm', () => {
    expect(figureName('filesBefore')).toBe('Data files before');
    expect(figureName('orphanBytes')).toBe('Orphan bytes');
    expect(figureName('somethingNew')).toBe('Something New');
    const plan = (removed: string[]): MaintainReport => ({ table: 't', operation: 'compact', dryRun: true, message: '', snapshotId: null, attempts: 0, counts: {}, removed, added: [], kept: [] });
    expect(hasWork(plan([]))).toBe(false);
    expect(hasWork(plan(['s3://b/t/data/a.parquet']))).toBe(true);
    // A run that removed other names than its dry run said (another writer committed in between) is told apart.
    expect(matchesPlan(plan(['a', 'b']), { ...plan(['b', 'a']), dryRun: false })).toBe(true);
    expect(matchesPlan(plan(['a', 'b']), { ...plan(['a', 'b', 'c']), dryRun: false })).toBe(false);
    expect(matchesPlan(plan(['a', 'b']), { ...plan(['a', 'c']), dryRun: false })).toBe(false);
  });
});
