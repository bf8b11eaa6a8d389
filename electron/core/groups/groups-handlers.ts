import type { groupsContract } from '../../../shared/rpc/groups-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { KafkaClients } from '../kafka/kafka-clients';
import { resetOffsets } from './group-reset';
import { deleteGroup, describeGroup, listGroups } from './groups';

/** Binds the consumer-group procedures to their services. */
export function groupsHandlers(kafka: KafkaClients): Handlers<typeof groupsContract> {
  return {
    'groups.list': ({ profileId }) => listGroups(kafka, profileId),
    'groups.describe': ({ profileId, groupId }) => describeGroup(kafka, profileId, groupId),
    'groups.resetOffsets': (input) => resetOffsets(kafka, input),
    'groups.delete': ({ profileId, groupId }) => deleteGroup(kafka, profileId, groupId),
  };
}
