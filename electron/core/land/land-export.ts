import { FloeError } from '../../../shared/errors';
import { LandExportRequest, type LandExport } from '../../../shared/model/land-export';
import type { ConnectService } from '../connect/connect-service';
import { validationErrors } from '../connect/connect-views';
import { openCatalog } from '../lake/catalog/open-catalog';
import { SqlCatalog } from '../lake/catalog/sql-catalog';
import type { LandService } from './land-service';
import { guaranteesOf, icebergSinkConfigOf } from './sink-export';

/** A landing job as an Iceberg sink connector config, with the guarantees side by side; deployed onto a Connect cluster of the job's profile when asked. */
export async function exportLanding(land: LandService, connect: ConnectService, input: LandExportRequest, signal?: AbortSignal): Promise<LandExport> {
  const request = LandExportRequest.parse(input);
  const job = land.get(request.job);
  const { spec } = job;
  const mode = spec.mode ?? job.status?.mode ?? null;
  if (!mode) throw new FloeError('BAD_INPUT', `Landing job "${spec.name}" takes its mode from its topic and has not run yet: set its mode (append) or start it once`);
  let catalogName = spec.catalog.kind === 'sqlite' ? spec.catalog.name : undefined;
  if (!catalogName && spec.catalog.kind === 'sqlite') {
    const catalog = await openCatalog(land.ioFor(spec.catalog.objectStore), spec.catalog);
    catalogName = catalog instanceof SqlCatalog ? catalog.name : 'default';
    catalog.close();
  }
  const connector = request.connectorName ?? `${spec.name}-iceberg-sink`;
  const { config, notes } = icebergSinkConfigOf(spec, { connectorName: connector, mode, catalogName: catalogName ?? 'default', table: request.table, tasks: request.tasks, dlqReplicationFactor: request.dlqReplicationFactor });
  const result: LandExport = { connector, config, guarantees: guaranteesOf(spec), notes };
  if (!request.deploy) return result;
  const target = { profileId: spec.profileId, ...(request.deploy.cluster ? { cluster: request.deploy.cluster } : {}) };
  const exists = await connect.detail({ ...target, name: connector }, signal).then(() => true, (e: unknown) => {
    if (isNotFound(e)) return false;
    throw e;
  });
  const saved = await connect.save({ ...target, name: connector, config, mode: exists ? 'update' : 'create' }, signal);
  if (!saved.saved) throw new FloeError('BAD_INPUT', `The Iceberg sink refused the exported config: ${validationErrors(saved.validation).join('; ')}`);
  return { ...result, deployed: { cluster: request.deploy.cluster ?? 'the profile\'s first Connect cluster', created: saved.created, notes: saved.notes } };
}

const isNotFound = (e: unknown) => e instanceof FloeError && e.code === 'NOT_FOUND';
