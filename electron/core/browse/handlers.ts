import type { browseContract } from '../../../shared/rpc/browse-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { ProfileService } from '../connections/profile-service';
import type { KafkaClients } from '../kafka/kafka-clients';
import { BrowseService } from './browse-service';
import { checkFilter } from './cel-filter';
import { DecodingStore } from './decoding-store';
import { exportRecords } from './export';
import { exportRow, kcatCommand } from './export-format';
import { resetOffsets } from './group-reset';
import { deleteGroup, describeGroup, listGroups } from './groups';
import { produce, reproduce } from './produce';
import { Producers } from './producers';
import { RegistryClients } from './registry-clients';
import { addPartitions, alterTopicConfigs, createTopic, deleteTopic, describeTopic } from './topic-admin';

/** Binds issue 3's procedures (topic page, messages, groups) to their services. */
export function browseHandlers(deps: { kafka: KafkaClients; profiles: ProfileService; dataDir: string }): Handlers<typeof browseContract> {
  const { kafka, profiles } = deps;
  const registries = new RegistryClients(profiles);
  const decodings = new DecodingStore(deps.dataDir);
  const browse = new BrowseService(kafka, registries, decodings);
  const producers = new Producers(profiles);
  return {
    'topics.describe': ({ profileId, topic }) => describeTopic(kafka, profileId, topic),
    'topics.create': (input) => createTopic(kafka, input),
    'topics.delete': ({ profileId, topic }) => deleteTopic(kafka, profileId, topic),
    'topics.addPartitions': ({ profileId, topic, total }) => addPartitions(kafka, profileId, topic, total),
    'topics.alterConfigs': (input) => alterTopicConfigs(kafka, input),
    'topics.getDecoding': async ({ profileId, topic }) => decodings.get(profileId, topic),
    'topics.setDecoding': async ({ profileId, topic, decoding }) => decodings.set(profileId, topic, decoding),

    'messages.read': (input, { signal }) => browse.read(input, signal),
    'messages.get': (input) => browse.get(input),
    'messages.tail': (input, { emit, signal }) => browse.tail(input, emit, signal),
    'messages.search': (input, { emit, signal }) => browse.searchEvents(input, emit, signal),
    'messages.checkFilter': async ({ filter }) => checkFilter(filter),
    'messages.produce': (input) => produce(producers, kafka, registries, input),
    'messages.reproduce': (input) => reproduce(producers, kafka, input),
    'messages.export': (input, { emit, signal }) => exportRecords(browse, input, emit, signal),
    'messages.copy': async (input) => {
      if (input.as === 'kcat') return { text: kcatCommand(profiles.resolve(input.profileId).profile.kafka, input.topic, input.partition, input.offset) };
      const record = await browse.get(input);
      return { text: JSON.stringify(exportRow(input.topic, record), null, 2) };
    },

    'groups.list': ({ profileId }) => listGroups(kafka, profileId),
    'groups.describe': ({ profileId, groupId }) => describeGroup(kafka, profileId, groupId),
    'groups.resetOffsets': (input) => resetOffsets(kafka, input),
    'groups.delete': ({ profileId, groupId }) => deleteGroup(kafka, profileId, groupId),
  };
}
