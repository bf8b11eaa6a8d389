import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/model/app';
import { contract, type FloeContract } from '../../shared/rpc/contract';
import type { Handlers } from '../../shared/rpc/procedure';
import { serveRpc } from '../../shared/rpc/server';
import type { Transport } from '../../shared/rpc/transport';
import { testConnection } from './connections/connection-tester';
import { labProfiles, labSummary } from './connections/lab-profile';
import { ProfileService, type ResolvedProfile } from './connections/profile-service';
import { SecretStore } from './connections/secret-store';
import type { SecretKey } from './connections/key-source';
import { ConnectClients } from './connect/connect-clients';
import { connectHandlers } from './connect/connect-handlers';
import { ConnectService } from './connect/connect-service';
import { KafkaClients } from './kafka/kafka-clients';
import { lakeHandlers } from './lake/lake-handlers';
import { StoreContexts } from './lake/io/store-contexts';
import { landHandlers } from './land/land-handlers';
import { maintainHandlers } from './maintain/maintain-handlers';
import { LandJobsStore } from './land/land-jobs-store';
import { LandService } from './land/land-service';
import { s3ConnectionOf } from './lake/io/store-connections';
import { groupsHandlers } from './groups/groups-handlers';
import { DlqService } from './dlq/dlq-service';
import { dlqHandlers } from './dlq/dlq-handlers';
import { MappingStore } from './dlq/mapping-store';
import { replayHandlers } from './replay/replay-handlers';
import { ReplayService } from './replay/replay-service';
import { ReplayStore } from './replay/replay-store';
import { DecodingStore } from './messages/decoding-store';
import { messagesHandlers } from './messages/messages-handlers';
import { MessagesService } from './messages/messages-service';
import { produceHandlers } from './produce/produce-handlers';
import { RegistryClients } from './registry/registry-clients';
import { schemasHandlers } from './schemas/schemas-handlers';
import { SchemasService } from './schemas/schemas-service';
import { topicsHandlers } from './topics/topics-handlers';

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
  kafka: KafkaClients;
  land: LandService;
  replay: ReplayService;
  /** Serves the contract over one transport (a window's port, a browser's WebSocket, the CLI's memory pair); returns its stop. */
  serve(transport: Transport, options?: { onInternalError?: (method: string, error: unknown) => void }): () => void;
  /**
   * The one shutdown path (browser mode, CLI, desktop core process): aborts every call in flight on every
   * transport, refuses new ones, lets landing jobs commit what they staged, closes every broker socket and the SQL engines.
   */
  dispose(): Promise<void>;
}

/** Binds the contract to the services. One host per process; every transport serves the same handlers. */
export function createHost(options: HostOptions): Host {
  const secrets = new SecretStore(join(options.dataDir, 'secrets.enc'), options.secretKey);
  const profiles = new ProfileService(options.dataDir, secrets, () => [
    ...labProfiles(options.labHome),
    ...(options.transientProfiles ?? []),
  ]);
  const kafka = new KafkaClients(profiles);
  const registries = new RegistryClients(profiles);
  const decodings = new DecodingStore(options.dataDir);
  const messages = new MessagesService(kafka, registries, decodings);
  const schemas = new SchemasService(registries, kafka);
  const mappings = new MappingStore(options.dataDir);
  const dlq = new DlqService(kafka, registries, decodings, messages, mappings);
  const replay = new ReplayService(kafka, registries, messages, mappings, new ReplayStore(options.dataDir));
  const connect = new ConnectClients(profiles);
  const resolveStore = (ref: { profileId: string }) => s3ConnectionOf(profiles.resolve(ref.profileId));
  const lake = lakeHandlers(options.dataDir, resolveStore);
  const landStores = new StoreContexts(join(options.dataDir, 'land', 'cache'), resolveStore);
  const land = new LandService(new LandJobsStore(options.dataDir), { kafka, registries, stores: landStores });

  const connectService = new ConnectService(connect);
  const handlers: Handlers<FloeContract> = {
    'app.info': async () => ({
      version: options.version,
      mode: options.mode,
      dataDir: options.dataDir,
      secretStorage: options.secretKey.source,
      lab: labSummary(options.labHome),
    }),
    'connections.list': async () => profiles.list(),
    'connections.save': async (draft) => profiles.save(draft),
    'connections.delete': async ({ id }) => ({ deleted: profiles.delete(id) }),
    'connections.duplicate': async ({ id, name }) => profiles.duplicate(id, name),
    'connections.test': async (input, { emit, signal }) =>
      testConnection('draft' in input ? profiles.resolveDraft(input.draft) : profiles.resolve(input.id), emit, signal),
    ...topicsHandlers({ kafka, decodings }),
    ...messagesHandlers({ messages, profiles }),
    ...produceHandlers({ kafka, registries }),
    ...groupsHandlers(kafka),
    ...lake.handlers,
    ...maintainHandlers(lake.service, options.dataDir),
    ...landHandlers(land, connectService),
    ...schemasHandlers({ schemas, registries, messages }),
    ...dlqHandlers(dlq),
    ...replayHandlers(replay, { dlq, registries }),
    ...connectHandlers(connectService),
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
    serve: (transport, serveOptions = {}) => serveRpc(transport, contract, handlers, { ...serveOptions, stopSignal: stopping.signal }),
    dispose: async () => {
      stopping.abort();
      replay.close();
      connect.closeAll();
      // Landing jobs commit what they staged before the connections they commit through close.
      await land.close();
      landStores.close();
      await Promise.all([kafka.closeAll(), lake.close()]);
    },
  };
}
