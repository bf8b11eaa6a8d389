import type { landContract } from '../../../shared/rpc/land-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { ConnectService } from '../connect/connect-service';
import { exportLanding } from './land-export';
import type { LandService } from './land-service';

/** Binds the landing procedures to the job service. */
export function landHandlers(land: LandService, connect: ConnectService): Handlers<typeof landContract> {
  return {
    'land.create': async (spec) => land.create(spec),
    'land.list': async () => ({ jobs: land.list() }),
    'land.get': async ({ job }) => land.get(job),
    'land.start': async ({ job }) => land.start(job),
    'land.stop': ({ job }) => land.stop(job),
    'land.delete': async ({ job }) => {
      await land.remove(job);
      return { deleted: job };
    },
    'land.watch': (_input, { emit, signal }) =>
      new Promise((resolve) => {
        let watched = 0;
        for (const j of land.list()) if (j.status) emit(j.status);
        const off = land.onStatus((s) => {
          watched++;
          emit(s);
        });
        signal.addEventListener('abort', () => (off(), resolve({ watched })), { once: true });
      }),
    'land.setMaintenance': async ({ job, maintenance }) => land.setMaintenance(job, maintenance),
    'land.where': ({ job, partition, offset }) => land.where(job, partition, offset),
    'land.history': async ({ job, sinceMs }) => ({ samples: land.history(job, sinceMs) }),
    'land.export': (input, { signal }) => exportLanding(land, connect, input, signal),
  };
}
