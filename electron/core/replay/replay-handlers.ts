import type { replayContract } from '../../../shared/rpc/replay-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { DlqService } from '../dlq/dlq-service';
import type { RegistryClients } from '../registry/registry-clients';
import { lazy } from '../util/lazy';
import type { ReplayService } from './replay-service';

// Transforms compile CEL: their code (and the CEL library) loads with the first one.
const groupTransform = lazy(() => import('./group-transform'));

/** Binds the replay procedures to their service. */
export function replayHandlers(replay: ReplayService, deps: { dlq: DlqService; registries: RegistryClients }): Handlers<typeof replayContract> {
  return {
    'replay.plan': (input, { signal }) => replay.plan(input, signal),
    'replay.transform': async (input, { signal }) => (await groupTransform()).transformEdits({ dlq: deps.dlq, registry: (id) => deps.registries.get(id) }, input, signal),
    'replay.create': (input) => replay.create(input),
    'replay.run': ({ id }, { emit, signal }) => replay.run(id, emit, signal),
    'replay.get': async ({ id }) => replay.get(id),
    'replay.list': async () => replay.list(),
    'replay.cancel': async ({ id }) => replay.cancel(id),
  };
}
