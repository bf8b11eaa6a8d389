import type { Kafka } from 'kafkajs';

/**
 * kafkajs keeps its Cluster and Broker objects (metadata for all topics, one ListOffsets per broker, raw
 * requests) private; its public admin API asks for one topic at a time and, like Cluster.fetchTopicsOffset,
 * merges results quadratically (1.5 s of CPU for 2,000 topics, measured). This file is the only place that reaches
 * inside kafkajs, and it checks what it finds so a kafkajs upgrade fails loudly here, not subtly elsewhere.
 */
export interface RawBroker {
  nodeId: number;
  listOffsets(request: {
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
  /** Metadata for these topics only (kafkajs throws a protocol error for an unknown one). */
  metadata(topics: string[]): Promise<Pick<RawMetadata, 'brokers' | 'topicMetadata'>>;
  /** OffsetCommit as the group coordinator sees it; generation -1 and no member id commit for an empty group. */
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
  /** Transactions (kafkajs's encoders; each throws a KafkaJSProtocolError with `type` on an error code). */
  initProducerId(request: { transactionalId: string; transactionTimeout: number }): Promise<{ producerId: string; producerEpoch: number }>;
  addPartitionsToTxn(request: TxnIdentity & { topics: { topic: string; partitions: number[] }[] }): Promise<unknown>;
  addOffsetsToTxn(request: TxnIdentity & { groupId: string }): Promise<unknown>;
  txnOffsetCommit(request: TxnIdentity & { groupId: string; topics: { topic: string; partitions: { partition: number; offset: string; metadata: string | null }[] }[] }): Promise<unknown>;
  endTxn(request: TxnIdentity & { transactionResult: boolean }): Promise<unknown>;
  connectionPool: { send(request: RawRequest): Promise<unknown> };
  versions?: Record<number, { minVersion: number; maxVersion: number }>;
}

export interface TxnIdentity {
  transactionalId: string;
  producerId: string;
  producerEpoch: number;
}

export interface RawRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<unknown> };
  response: { decode(raw: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<unknown> };
}

export interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findBroker(node: { nodeId: number | string }): Promise<RawBroker>;
  /** coordinatorType 0: a consumer group's coordinator; 1: a transactional id's. */
  findGroupCoordinator(group: { groupId: string; coordinatorType?: 0 | 1 }): Promise<RawBroker>;
  brokerPool: { metadata?: RawMetadata };
}

export interface RawMetadata {
  clusterId: string;
  controllerId: number;
  brokers: { nodeId: number; host: string; port: number }[];
  topicMetadata: {
    topic: string;
    isInternal: boolean;
    topicErrorCode: number;
    partitionMetadata: { partitionId: number; leader: number; replicas: number[]; isr: number[]; partitionErrorCode: number }[];
  }[];
}

/** READ_UNCOMMITTED: watermarks are the log's, not the transactional view's. */
export const READ_UNCOMMITTED = 0;

export function createRawCluster(kafka: Kafka): RawCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = key ? (kafka as unknown as Record<symbol, unknown>)[key] : undefined;
  if (typeof create !== 'function') throw new Error('kafkajs internals changed: createCluster not found');
  const cluster = (create as (o: object) => RawCluster)({ allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
  for (const m of ['connect', 'refreshMetadata', 'findBroker', 'findGroupCoordinator'] as const)
    if (typeof cluster[m] !== 'function') throw new Error(`kafkajs internals changed: Cluster.${m} not found`);
  return cluster;
}
