import { useEffect } from 'react';
import { useMaintain } from '../../stores/maintain-store';
import { HealthPanel } from './HealthPanel';
import { MaintainActions } from './MaintainActions';

/** The table's health and its maintenance: compaction, snapshot expiry, orphan removal and manifest rewrite, each dry-run first. */
export function MaintenanceTab() {
  const { health, loadingHealth, healthError, loadHealth } = useMaintain();
  useEffect(() => {
    void loadHealth();
  }, [loadHealth]);
  return (
    <div className="tab-body" data-testid="maintenance-tab">
      <HealthPanel health={health} loading={loadingHealth} error={healthError} onRefresh={() => void loadHealth()} />
      <MaintainActions health={health} />
    </div>
  );
}
