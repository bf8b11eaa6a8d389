import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/model/app';
import { connectContract } from '../../shared/rpc/connect-contract';
import { contract, type FloeContract } from '../../shared/rpc/contract';
import { dlqContract } from '../../shared/rpc/dlq-contract';
import { groupsContract } from '../../shared/rpc/groups-contract';
import { lakeContract } from '../../shared/rpc/lake-contract';
import { landContract } from '../../shared/rpc/land-contract';
import { maintainContract } from '../../shared/rpc/maintain-contract';
import { messagesContract } from '../../shared/rpc/messages-contract';
import type { Handlers } from '../../shared/rpc/procedure';
import { produceContract } from '../../shared/rpc/produce-contract';
import { replayContract } from '../../shared/rpc/replay-contract';
import { schemasContract } from '../../shared/rpc/schemas-contract';
import { serveRpc } from '../../shared/rpc/server';
import { topicsContract } from '../../shared/rpc/topics-contract';
import type { Transport } from '../../shared/rpc/transport';
import type { SecretKey } from './connections/key-source';
import { labProfiles, labSummary } from './connections/lab-profile';
import { ProfileService, type ResolvedProfile } from './connections/profile-service';
import { SecretStore } from './connections/secret-store';
import type { KafkaClients } from './kafka/kafka-clients';
import { s3ConnectionOf } from './lake/io/store-connections';
import { LandJobsStore } from './land/land-jobs-store';
import type { LandService } from './land/land-service';
import { DecodingStore } from './messages/decoding-store';
import { MappingStore } from './dlq/mapping-store';
import type { ReplayService } from './replay/replay-service';
import { ReplayStore } from './replay/replay-store';
import { lazy, lazyHandlers, type Lazy } from './util/lazy';

export interface HostOptions {
  dataDir: string;
  secretKey: SecretKey;
  mode: AppInfo['mode'];
  version: string;
  /** Where to look for a running local lab (defaults to the lab's own default). */
  labHome?: string;
  /** Profiles that exist only for this process, e.g. the CLI's `--bootstrap`. */
  transientProfiles?: ResolvedProfile[];
}

export interface Host {
  handlers: Handlers<FloeContract>;
  profiles: ProfileService;
  kafka: Lazy<KafkaClients>;
  land: Lazy<LandService>;
  replay: Lazy<ReplayService>;
  /** Runs again the landing jobs that were running when Floe last stopped, and goes on with interrupted replays; returns the replays' ids. */
  resumeJobs(log?: (line: string) => void): Promise<string[]>;
  /** Serves the contract over one transport (a window's port, a browser's WebSocket, the CLI's memory pair); returns its stop. */
  serve(transport: Transport, options?: { onInternalError?: (method: string, error: unknown) => void }): () => void;
  /**
   * The one shutdown path (browser mode, CLI, desktop core process): aborts every call in flight on every
   * transport, refuses new ones, lets landing jobs commit what they staged, closes every broker socket and the SQL engines.
   */
  dispose(): Promise<void>;
}

/**
 * Binds the contract to the services. One host per process; every transport serves the same handlers.
 * Services, and the libraries they use (kafkajs, DuckDB, the AWS SDK, codecs), load on their room's first call:
 * a process loads only what it uses.
 */
export function createHost(options: HostOptions): Host {
  const { dataDir } = options;
  const secrets = new SecretStore(join(dataDir, 'secrets.enc'), options.secretKey);
  const profiles = new ProfileService(dataDir, secrets, () => [...labProfiles(options.labHome), ...(options.transientProfiles ?? [])]);
  const decodings = new DecodingStore(dataDir);
  const mappings = new MappingStore(dataDir);
  const landJobs = new LandJobsStore(dataDir);
  const replayStore = new ReplayStore(dataDir);
  const resolveStore = (ref: { profileId: string }) => s3ConnectionOf(profiles.resolve(ref.profileId));

  const kafka = lazy(async () => new (await import('./kafka/kafka-clients')).KafkaClients(profiles));
  const registries = lazy(async () => new (await import('./registry/registry-clients')).RegistryClients(profiles));
  const messages = lazy(async () => new (await import('./messages/messages-service')).MessagesService(await kafka(), await registries(), decodings));
  const schemas = lazy(async () => new (await import('./schemas/schemas-service')).SchemasService(await registries(), await kafka()));
  const dlq = lazy(async () => new (await import('./dlq/dlq-service')).DlqService(await kafka(), await registries(), decodings, await messages(), mappings));
  const replay = lazy(async () => new (await import('./replay/replay-service')).ReplayService(await kafka(), await registries(), await messages(), mappings, replayStore));
  const connect = lazy(async () => new (await import('./connect/connect-clients')).ConnectClients(profiles));
  const connectService = lazy(async () => new (await import('./connect/connect-service')).ConnectService(await connect()));
  const lake = lazy(async () => (await import('./lake/lake-handlers')).lakeHandlers(dataDir, resolveStore));
  const landStores = lazy(async () => new (await import('./lake/io/store-contexts')).StoreContexts(join(dataDir, 'land', 'cache'), resolveStore));
  const land = lazy(async () => new (await import('./land/land-service')).LandService(landJobs, { kafka: await kafka(), registries: await registries(), stores: await landStores() }));

  const handlers: Handlers<FloeContract> = {
    'app.info': async () => ({
      version: options.version,
      mode: options.mode,
      dataDir,
      secretStorage: options.secretKey.source,
      lab: labSummary(options.labHome),
    }),
    'connections.list': async () => profiles.list(),
    'connections.save': async (draft) => profiles.save(draft),
    'connections.delete': async ({ id }) => ({ deleted: profiles.delete(id) }),
    'connections.duplicate': async ({ id, name }) => profiles.duplicate(id, name),
    'connections.test': async (input, { emit, signal }) =>
      (await import('./connections/connection-tester')).testConnection('draft' in input ? profiles.resolveDraft(input.draft) : profiles.resolve(input.id), emit, signal),
    ...lazyHandlers(topicsContract, async () => (await import('./topics/topics-handlers')).topicsHandlers({ kafka: await kafka(), decodings })),
    ...lazyHandlers(messagesContract, async () => (await import('./messages/messages-handlers')).messagesHandlers({ messages: await messages(), profiles })),
    ...lazyHandlers(produceContract, async () => (await import('./produce/produce-handlers')).produceHandlers({ kafka: await kafka(), registries: await registries() })),
    ...lazyHandlers(groupsContract, async () => (await import('./groups/groups-handlers')).groupsHandlers(await kafka())),
    ...lazyHandlers(lakeContract, async () => (await lake()).handlers),
    ...lazyHandlers(maintainContract, async () => (await import('./maintain/maintain-handlers')).maintainHandlers((await lake()).service, dataDir)),
    ...lazyHandlers(landContract, async () => (await import('./land/land-handlers')).landHandlers(await land(), await connectService())),
    ...lazyHandlers(schemasContract, async () =>
      (await import('./schemas/schemas-handlers')).schemasHandlers({ schemas: await schemas(), registries: await registries(), messages: await messages() }),
    ),
    ...lazyHandlers(dlqContract, async () => (await import('./dlq/dlq-handlers')).dlqHandlers(await dlq())),
    ...lazyHandlers(replayContract, async () =>
      (await import('./replay/replay-handlers')).replayHandlers(await replay(), { dlq: await dlq(), registries: await registries() }),
    ),
    ...lazyHandlers(connectContract, async () => (await import('./connect/connect-handlers')).connectHandlers(await connectService())),
  };

  const stopping = new AbortController();
  // Each live transport listens here once and stops listening when it closes: 20 browser clients are 20 listeners, not a leak.
  setMaxListeners(0, stopping.signal);
  return {
    handlers,
    profiles,
    kafka,
    land,
    replay,
    // Loads the landing and replay services only when there is something to resume.
    resumeJobs: async (log) => {
      if (landJobs.runningIds().length > 0) (await land()).resumeRunning();
      return replayStore.interruptedIds().length > 0 ? (await replay()).resumeInterrupted(log) : [];
    },
    serve: (transport, serveOptions = {}) => serveRpc(transport, contract, handlers, { ...serveOptions, stopSignal: stopping.signal }),
    dispose: async () => {
      stopping.abort();
      (await replay.ifMade())?.close();
      (await connect.ifMade())?.closeAll();
      // Landing jobs commit what they staged before the connections they commit through close.
      await (await land.ifMade())?.close();
      (await landStores.ifMade())?.close();
      await Promise.all([kafka.ifMade().then((k) => k?.closeAll()), lake.ifMade().then((l) => l?.close())]);
      // Scan workers kept for the next search.
      if (await messages.ifMade()) await (await import('./messages/scan-worker-pool')).endIdleScanWorkers();
    },
  };
}
