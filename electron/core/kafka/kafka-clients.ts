import { Kafka, type Admin } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { ProfileService, ResolvedProfile } from '../connections/profile-service';
import { withTimeout } from '../util/timeout';
import { INTERACTIVE, kafkaConfig } from './kafka-config';
import { kafkaError } from './kafka-errors';
import { KafkaSockets } from './kafka-sockets';
import { createRawCluster, type RawCluster } from './kafkajs-cluster';

interface Entry {
  resolved: ResolvedProfile;
  admin?: Promise<Admin>;
  cluster?: Promise<RawCluster>;
}

const CONNECT_DEADLINE_MS = 10_000;
const DISCONNECT_BOUND_MS = 1_000;

/**
 * One connected admin and raw cluster per profile, reused across requests, dropped when the profile changes.
 * Every kafkajs client of the host is made here, so closeAll() can close every broker socket it opened.
 */
export class KafkaClients {
  private readonly entries = new Map<string, Entry>();
  private readonly sockets = new KafkaSockets();
  private closed = false;

  constructor(private readonly profiles: ProfileService) {
    profiles.onChange((id) => void this.drop(id));
  }

  async admin(profileId: string): Promise<Admin> {
    const entry = this.entry(profileId);
    entry.admin ??= this.connect(entry, (kafka) => {
      const admin = kafka.admin();
      return { connect: () => admin.connect(), value: admin, close: () => admin.disconnect() };
    });
    return this.forgetOnFailure(profileId, entry.admin, 'admin');
  }

  async cluster(profileId: string): Promise<RawCluster> {
    const entry = this.entry(profileId);
    entry.cluster ??= this.connect(entry, (kafka) => {
      const cluster = createRawCluster(kafka);
      return { connect: () => cluster.connect(), value: cluster, close: () => cluster.disconnect() };
    });
    return this.forgetOnFailure(profileId, entry.cluster, 'cluster');
  }

  /** Maps a failure of a call on this profile's connection to a FloeError (and drops the broken connection). */
  async run<T>(profileId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (this.closed) throw new FloeError('CANCELLED', 'Floe is shutting down');
      const { profile } = this.entry(profileId).resolved;
      const error = kafkaError(e, profile.kafka.bootstrap, profile.kafka.security.protocol, 'in-use');
      if (error.code !== 'REMOTE_ERROR' && error.code !== 'CANCELLED') await this.drop(profileId);
      throw error;
    }
  }

  async drop(profileId: string): Promise<void> {
    const entry = this.entries.get(profileId);
    this.entries.delete(profileId);
    if (!entry) return;
    await Promise.allSettled([entry.admin?.then((a) => a.disconnect()), entry.cluster?.then((c) => c.disconnect())]);
  }

  /**
   * Shutdown: no new connection after this. Requests still in flight belong to calls already aborted, and a
   * Fetch may wait on the broker for its whole timeout, so their sockets are destroyed rather than waited for:
   * kafkajs then rejects the requests, after which the clients disconnect at once.
   */
  async closeAll(): Promise<void> {
    this.closed = true;
    this.sockets.destroyAll('Floe is shutting down');
    await new Promise((resolve) => setImmediate(resolve)); // kafkajs handles the socket errors and empties its request queues
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.entries.keys()].map((id) => this.drop(id))),
      // No socket is left to wait for; this only bounds kafkajs's own bookkeeping.
      new Promise((resolve) => (timer = setTimeout(resolve, DISCONNECT_BOUND_MS).unref())),
    ]);
    clearTimeout(timer);
  }

  /** Every kafkajs client of the host, with its sockets in the registry; none once closing. */
  private client(resolved: ResolvedProfile): Kafka {
    if (this.closed) throw new FloeError('CANCELLED', 'Floe is shutting down');
    return new Kafka(kafkaConfig(resolved, INTERACTIVE, this.sockets.factory));
  }

  private entry(profileId: string): Entry {
    if (this.closed) throw new FloeError('CANCELLED', 'Floe is shutting down');
    let entry = this.entries.get(profileId);
    if (!entry) {
      entry = { resolved: this.profiles.resolve(profileId) };
      this.entries.set(profileId, entry);
    }
    return entry;
  }

  private async connect<T>(entry: Entry, make: (kafka: Kafka) => { connect(): Promise<void>; value: T; close(): Promise<void> }): Promise<T> {
    const { profile } = entry.resolved;
    const client = make(this.client(entry.resolved));
    try {
      await withTimeout(client.connect(), CONNECT_DEADLINE_MS, `Kafka at ${profile.kafka.bootstrap.join(', ')}`);
      return client.value;
    } catch (e) {
      void client.close().catch(() => undefined);
      throw kafkaError(e, profile.kafka.bootstrap, profile.kafka.security.protocol);
    }
  }

  private async forgetOnFailure<T>(profileId: string, p: Promise<T>, which: 'admin' | 'cluster'): Promise<T> {
    try {
      return await p;
    } catch (e) {
      const entry = this.entries.get(profileId);
      if (entry?.[which] === p) delete entry[which];
      throw e;
    }
  }
}
