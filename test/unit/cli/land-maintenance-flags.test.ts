import { describe, expect, it } from 'vitest';
import { describeMaintenance, hasMaintenanceFlags, maintenanceFrom } from '../../../electron/cli/commands/land-maintenance';
import { LAND_MAINTENANCE_DEFAULTS } from '../../../shared/model/land';

describe('floe land maintenance flags', () => {
  it('make a schedule from the defaults or from a job’s schedule', () => {
    expect(maintenanceFrom({})).toEqual(LAND_MAINTENANCE_DEFAULTS);
    expect(hasMaintenanceFlags({})).toBe(false);
    const m = maintenanceFrom({ 'compact-every': '15m', 'compact-files': '50', 'target-file-size': '64m', 'expire-every': '10m', 'expire-older-than': '6h', 'retain-last': '20', 'orphans-every': '2d', 'orphans-older-than': '7d', 'max-manifests': '40' });
    expect(m).toEqual({ enabled: true, compactEveryMs: 900_000, compactFiles: 50, targetFileBytes: 64 << 20, expireEveryMs: 600_000, expireOlderThanMs: 21_600_000, retainLast: 20, orphansEveryMs: 172_800_000, orphansOlderThanMs: 604_800_000, maxManifests: 40 });
    const off = maintenanceFrom({ maintenance: 'off' }, m);
    expect(off).toEqual({ ...m, enabled: false });
    expect(describeMaintenance(off, null)).toMatch(/Maintenance: off/);
    expect(describeMaintenance(m, { enabled: true, last: { compact: { operation: 'compact', atMs: 0, durationMs: 12, ok: true, why: '50 data files since the last compaction', message: 'Rewrote 50 data files' } } })).toMatch(/compact\s+every 15m, or once 50 data files[\s\S]*compact\s+1970-01-01T00:00:00.000Z ok in 12 ms \(50 data files since the last compaction\): Rewrote 50 data files/);
  });

  it('refuse values by the flag’s name', () => {
    expect(() => maintenanceFrom({ maintenance: 'maybe' })).toThrow(/--maintenance takes on or off, not "maybe"/);
    expect(() => maintenanceFrom({ 'compact-every': 'soon' })).toThrow(/--compact-every takes a duration such as 7d/);
    expect(() => maintenanceFrom({ 'compact-every': '5s' })).toThrow(/--compact-every: compaction runs at most every 10 seconds/);
    expect(() => maintenanceFrom({ 'orphans-older-than': '10m' })).toThrow(/--orphans-older-than: the orphan safety age is at least an hour/);
    expect(() => maintenanceFrom({ 'retain-last': '0' })).toThrow(/--retain-last: /);
    expect(() => maintenanceFrom({ 'retain-last': 'many' })).toThrow(/--retain-last takes a whole number/);
    expect(() => maintenanceFrom({ 'target-file-size': 'big' })).toThrow(/--target-file-size takes a size/);
  });
});
