import { useEffect } from 'react';
import { useLake } from '../../stores/lake-store';
import { useMaintain } from '../../stores/maintain-store';
import { HealthPanel } from './HealthPanel';
import { MaintainActions } from './MaintainActions';

/** The table's health and its maintenance: compaction, snapshot expiry, orphan removal and manifest rewrite, each dry-run first. */
export function MaintenanceTab() {
  const { health, loadingHealth, healthError, loadHealth } = useMaintain();
  // Floe commits only to SQL catalogs; a table opened from its metadata file gets dry runs only (the core refuses more).
  const readOnly = useLake((s) => s.catalogs.find((c) => c.id === s.open?.catalogId)?.spec.kind !== 'sqlite');
  useEffect(() => {
    void loadHealth();
  }, [loadHealth]);
  return (
    <div className="tab-body" data-testid="maintenance-tab">
      <HealthPanel health={health} loading={loadingHealth} error={healthError} onRefresh={() => void loadHealth()} />
      {readOnly && (
        <div className="banner warn maintain-read-only" data-testid="maintain-read-only">
          This table was opened read-only (from its metadata file): dry runs say what maintenance would do; to run it, open the table through its SQL catalog.
        </div>
      )}
      <MaintainActions health={health} readOnly={readOnly} />
    </div>
  );
}
