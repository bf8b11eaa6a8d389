import { z } from 'zod';
import type { GroupLagTotals, PartitionLag } from './groups';

export interface PartitionDetail {
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
  low: number;
  high: number;
  /** high − low: records retained (compaction gaps and transaction markers included). */
  messages: number;
}

export interface TopicConfigEntry {
  name: string;
  value: string | null;
  /** DYNAMIC_TOPIC_CONFIG, DYNAMIC_BROKER_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG … as the broker says. */
  source: string;
  isDefault: boolean;
  readOnly: boolean;
  sensitive: boolean;
}

/** A consumer group that has committed offsets for the topic: every partition, committed or not. */
export interface TopicGroupLag extends GroupLagTotals {
  groupId: string;
  state: string;
  partitions: ({ partition: number } & PartitionLag)[];
}

export interface TopicDetail {
  name: string;
  internal: boolean;
  partitions: PartitionDetail[];
  configs: TopicConfigEntry[];
  groups: TopicGroupLag[];
  messages: number;
  fetchedInMs: number;
}

const ConfigMap = z.record(z.string().min(1), z.string());

export const CreateTopicRequest = z.object({
  profileId: z.string().min(1),
  name: z
    .string()
    .min(1)
    .max(249)
    .regex(/^[a-zA-Z0-9._-]+$/, 'topic names use letters, digits, ".", "_" and "-"')
    .refine((n) => n !== '.' && n !== '..', 'topic name cannot be "." or ".."'),
  partitions: z.number().int().positive().max(100_000).default(1),
  replicationFactor: z.number().int().positive().max(32).default(1),
  configs: ConfigMap.default({}),
});
export type CreateTopicRequest = z.input<typeof CreateTopicRequest>;

export const AlterTopicConfigsRequest = z.object({
  profileId: z.string().min(1),
  topic: z.string().min(1),
  set: ConfigMap.default({}),
  /** Names to return to their default. */
  reset: z.array(z.string().min(1)).default([]),
});
export type AlterTopicConfigsRequest = z.input<typeof AlterTopicConfigsRequest>;
