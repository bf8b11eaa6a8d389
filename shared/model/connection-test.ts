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

/** A Kafka Connect cluster's `GET /`, and how much it holds. */
export interface ConnectCheck {
  worker: string;
  version: string;
  kafkaClusterId: string;
  connectors: number;
  plugins: number;
  notes: string[];
}

export interface ConnectionTestReport {
  kafka: CheckResult<KafkaCheck>;
  registry?: CheckResult<RegistryCheck>;
  objectStore?: CheckResult<ObjectStoreCheck>;
  /** One per Kafka Connect cluster of the profile, by name. */
  connect?: (CheckResult<ConnectCheck> & { cluster: string })[];
}

export type ConnectionTestEvent = { part: 'kafka' | 'registry' | 'objectStore' | 'connect'; state: 'running' | 'done' };
