import type { ErrorData } from '../errors';

export interface CheckResult<T> {
  ok: boolean;
  ms: number;
  info?: T;
  error?: ErrorData;
}

export interface KafkaCheck {
  clusterId: string;
  controllerId: number | null;
  brokers: { nodeId: number; host: string; port: number }[];
  /** What the broker says of itself over the protocol (ApiVersions features), when it says anything. */
  version?: string;
}

export interface RegistryCheck {
  subjects: number;
  mode?: string;
}

export interface ObjectStoreCheck {
  kind: 'local' | 's3';
  location: string;
  canRead: boolean;
  canWrite: boolean;
}

export interface ConnectionTestReport {
  kafka: CheckResult<KafkaCheck>;
  registry?: CheckResult<RegistryCheck>;
  objectStore?: CheckResult<ObjectStoreCheck>;
}

export type ConnectionTestEvent = { part: 'kafka' | 'registry' | 'objectStore'; state: 'running' | 'done' };
