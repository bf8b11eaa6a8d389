import { stringifyExactJson } from '../../../shared/exact-json';
import type { messagesContract } from '../../../shared/rpc/messages-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { ProfileService } from '../connections/profile-service';
import { celFilter } from './filter-model';
import { exportRecords } from './export';
import { exportRow, kcatCommand } from './export-format';
import type { MessagesService } from './messages-service';

/** Binds the message viewer's procedures (read, tail, search, export, copy) to the reader. */
export function messagesHandlers(deps: { messages: MessagesService; profiles: ProfileService }): Handlers<typeof messagesContract> {
  const { messages, profiles } = deps;
  return {
    'messages.read': (input, { signal }) => messages.read(input, signal),
    'messages.get': (input) => messages.get(input),
    'messages.tail': (input, { emit, signal }) => messages.tail(input, emit, signal),
    'messages.search': (input, { emit, signal }) => messages.searchEvents(input, emit, signal),
    'messages.checkFilter': async ({ filter }) => (await celFilter()).checkFilter(filter),
    'messages.export': (input, { emit, signal }) => exportRecords(messages, input, emit, signal),
    'messages.copy': async (input) => {
      if (input.as === 'kcat') return { text: kcatCommand(profiles.resolve(input.profileId).profile.kafka, input.topic, input.partition, input.offset) };
      const record = await messages.get(input);
      return { text: stringifyExactJson(exportRow(input.topic, record), 2) };
    },
  };
}
