import { z } from 'zod';
import { TopicDecoding } from '../model/messages';
import type { TopicList } from '../model/topic';
import { AlterTopicConfigsRequest, CreateTopicRequest, type TopicConfigEntry, type TopicDetail } from '../model/topic-detail';
import { call } from './procedure';
import { TopicRef } from './rpc-refs';

/** The topic list and the topic page: partitions, configs, create, delete, grow; the per-topic decoding choice. */
export const topicsContract = {
  'topics.list': call(z.object({ profileId: z.string().min(1), includeInternal: z.boolean().default(false) })).returns<TopicList>(),
  'topics.describe': call(TopicRef).returns<TopicDetail>(),
  'topics.create': call(CreateTopicRequest).returns<{ created: string }>(),
  'topics.delete': call(TopicRef).returns<{ deleted: string }>(),
  /** Grow the topic to `total` partitions (Kafka cannot shrink). */
  'topics.addPartitions': call(TopicRef.extend({ total: z.number().int().positive() })).returns<{ partitions: number }>(),
  'topics.alterConfigs': call(AlterTopicConfigsRequest).returns<{ configs: TopicConfigEntry[] }>(),
  /** The per-topic key/value decoding choice, kept in Floe's data folder. */
  'topics.getDecoding': call(TopicRef).returns<z.output<typeof TopicDecoding>>(),
  'topics.setDecoding': call(TopicRef.extend({ decoding: TopicDecoding })).returns<z.output<typeof TopicDecoding>>(),
};
