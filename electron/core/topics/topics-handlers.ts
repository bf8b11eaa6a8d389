import type { Handlers } from '../../../shared/rpc/procedure';
import type { topicsContract } from '../../../shared/rpc/topics-contract';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { DecodingStore } from '../messages/decoding-store';
import { addPartitions, alterTopicConfigs, createTopic, deleteTopic, describeTopic } from './topic-admin';
import { listTopics } from './topic-list';

/** Binds the topic list and topic page procedures to their services. */
export function topicsHandlers(deps: { kafka: KafkaClients; decodings: DecodingStore }): Handlers<typeof topicsContract> {
  const { kafka, decodings } = deps;
  return {
    'topics.list': async ({ profileId, includeInternal }, { signal }) => listTopics(kafka, profileId, { includeInternal, signal }),
    'topics.describe': ({ profileId, topic }) => describeTopic(kafka, profileId, topic),
    'topics.create': (input) => createTopic(kafka, input),
    'topics.delete': ({ profileId, topic }) => deleteTopic(kafka, profileId, topic),
    'topics.addPartitions': ({ profileId, topic, total }) => addPartitions(kafka, profileId, topic, total),
    'topics.alterConfigs': (input) => alterTopicConfigs(kafka, input),
    'topics.getDecoding': async ({ profileId, topic }) => decodings.get(profileId, topic),
    'topics.setDecoding': async ({ profileId, topic, decoding }) => decodings.set(profileId, topic, decoding),
  };
}
