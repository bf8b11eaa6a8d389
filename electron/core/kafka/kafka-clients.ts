import { Kafka, type Admin } from 'kafkajs';
import type { ProfileService, ResolvedProfile } from '../connections/profile-service';
import { withTimeout } from '../util/timeout';
import { kafkaConfig } from './kafka-config';
import { kafkaError } from './kafka-errors';
import { createRawCluster, type RawCluster } from './kafkajs-cluster';

interface Entry {
  resolved: ResolvedProfile;
  admin?: Promise<Admin>;
  cluster?: Promise<RawCluster>;
}

const CONNECT_DEADLINE_MS = 10_000;

/** One connected admin and raw cluster per profile, reused across requests, dropped when the profile changes. */
export class KafkaClients {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly profiles: ProfileService) {
    profiles.onChange((id) => void this.drop(id));
  }

  admin(profileId: string): Promise<Admin> {
    const entry = this.entry(profileId);
    entry.admin ??= this.connect(entry, (kafka) => {
      const admin = kafka.admin();
      return { connect: () => admin.connect(), value: admin, close: () => admin.disconnect() };
    });
    return this.forgetOnFailure(profileId, entry.admin, 'admin');
  }

  cluster(profileId: string): Promise<RawCluster> {
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

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.entries.keys()].map((id) => this.drop(id)));
  }

  private entry(profileId: string): Entry {
    let entry = this.entries.get(profileId);
    if (!entry) {
      entry = { resolved: this.profiles.resolve(profileId) };
      this.entries.set(profileId, entry);
    }
    return entry;
  }

  private async connect<T>(entry: Entry, make: (kafka: Kafka) => { connect(): Promise<void>; value: T; close(): Promise<void> }): Promise<T> {
    const { profile } = entry.resolved;
    const client = make(new Kafka(kafkaConfig(entry.resolved)));
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
