import { FloeError } from '../../../shared/errors';
import type { ConnectTarget } from '../../../shared/model/connect';
import type { ConnectClusterSettings, ProfileSecrets } from '../../../shared/model/profile';
import type { ProfileService } from '../connections/profile-service';
import { ConnectApi } from './connect-api';
import { ConnectHttp, type ConnectEndpoint } from './connect-http';
import { ConnectRest } from './connect-rest';

/** A profile's Connect cluster with its secrets, as the HTTP client needs it. */
export function connectEndpoint(cluster: ConnectClusterSettings, secrets: ProfileSecrets): ConnectEndpoint {
  const own = secrets.connect?.[cluster.id] ?? {};
  return {
    name: cluster.name,
    urls: cluster.urls,
    ...(cluster.username ? { username: cluster.username, password: own.password ?? '' } : {}),
    ...(cluster.caPem ? { caPem: cluster.caPem } : {}),
    ...(cluster.clientCertPem ? { clientCertPem: cluster.clientCertPem } : {}),
    ...(own.clientKeyPem ? { clientKeyPem: own.clientKeyPem } : {}),
    skipVerify: cluster.skipVerify,
  };
}

/** The cluster a request names (id or name), or the profile's first; a clear refusal when there is none. */
export function pickCluster(clusters: ConnectClusterSettings[], profileName: string, wanted?: string): ConnectClusterSettings {
  if (clusters.length === 0) throw new FloeError('BAD_INPUT', `Profile "${profileName}" has no Kafka Connect cluster: add one (its workers' REST URLs) to the profile`);
  if (wanted === undefined) return clusters[0]!;
  const found = clusters.find((c) => c.id === wanted) ?? clusters.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new FloeError('NOT_FOUND', `Profile "${profileName}" has no Kafka Connect cluster "${wanted}" (has: ${clusters.map((c) => c.name).join(', ')})`);
  return found;
}

/** One HTTP client (keep-alive agent, preferred worker) per profile's cluster, dropped when the profile changes. */
export class ConnectClients {
  private readonly cache = new Map<string, { cluster: ConnectClusterSettings; http: ConnectHttp }>();

  constructor(private readonly profiles: ProfileService) {
    profiles.onChange((id) => {
      for (const [key, entry] of this.cache)
        if (key.startsWith(`${id}\u0000`)) {
          entry.http.close();
          this.cache.delete(key);
        }
    });
  }

  /** A fresh operation (its own notes) on the target cluster. */
  open(target: ConnectTarget, signal?: AbortSignal): { api: ConnectApi; cluster: ConnectClusterSettings } {
    const { profile, secrets } = this.profiles.resolve(target.profileId);
    const cluster = pickCluster(profile.connect ?? [], profile.name, target.cluster);
    const key = `${profile.id}\u0000${cluster.id}`;
    let entry = this.cache.get(key);
    // A built-in profile (the lab) is recomputed on every resolve: a restarted lab has new URLs and passwords.
    if (entry && JSON.stringify(entry.http.endpoint) !== JSON.stringify(connectEndpoint(cluster, secrets))) {
      entry.http.close();
      entry = undefined;
    }
    if (!entry) {
      entry = { cluster, http: new ConnectHttp(connectEndpoint(cluster, secrets)) };
      this.cache.set(key, entry);
    }
    return { api: new ConnectApi(new ConnectRest(entry.http, signal)), cluster };
  }

  closeAll(): void {
    for (const entry of this.cache.values()) entry.http.close();
    this.cache.clear();
  }
}
