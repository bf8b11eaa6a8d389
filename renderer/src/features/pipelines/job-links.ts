import type { LandJobSpecParsed } from '../../../../shared/model/land';
import type { CatalogSpec } from '../../../../shared/model/lake';
import { useDlq } from '../../stores/dlq-store';
import { useLake } from '../../stores/lake-store';
import { useNav } from '../../stores/nav-store';

/** Opens a topic of the job's cluster in the topics room (its messages tab), switching the active cluster if needed. */
export function openJobTopic(profileId: string, topic: string): void {
  onCluster(profileId).openTopic(topic);
}

/** Navigation on the job's cluster: the active cluster switches to it first when another is chosen. */
function onCluster(profileId: string) {
  const nav = useNav.getState();
  if (nav.activeProfileId !== profileId) nav.setActiveProfile(profileId);
  return useNav.getState();
}

/** Opens a dead-letter topic in the Dead letters room: its records grouped by cause, to fix and replay. */
export function triageJobDeadLetters(profileId: string, topic: string): void {
  onCluster(profileId).go('dlq');
  void useDlq.getState().open(profileId, topic);
}

/** The job's catalog as the Tables room saves it, or null where that room cannot open it (REST catalogs). */
export function tablesRoomCatalog(spec: Pick<LandJobSpecParsed, 'catalog'>): CatalogSpec | null {
  return spec.catalog.kind === 'rest' ? null : spec.catalog;
}

/** Opens the job's target table in the Tables room, adding its catalog there when it is not listed yet. */
export function openJobTable(spec: Pick<LandJobSpecParsed, 'catalog' | 'table'>): void {
  const catalog = tablesRoomCatalog(spec);
  if (!catalog) return;
  const label = catalog.kind === 'sqlite' ? (catalog.path.split(/[\\/]/).filter(Boolean).at(-1) ?? 'catalog') : 'table';
  useNav.getState().go('tables');
  void useLake.getState().showTable(label, catalog, spec.table);
}
