import type { dlqContract } from '../../../shared/rpc/dlq-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { DlqService } from './dlq-service';

/** Binds the dead-letter procedures (discovery, triage, records, mappings) to their service. */
export function dlqHandlers(dlq: DlqService): Handlers<typeof dlqContract> {
  return {
    'dlq.list': (input) => dlq.list(input),
    'dlq.groups': (input, { emit, signal }) => dlq.groups(input, emit, signal),
    'dlq.records': (input, { signal }) => dlq.records(input, signal),
    'dlq.mappings': async ({ profileId }) => ({ mappings: dlq.mappings.get(profileId) }),
    'dlq.saveMappings': async ({ profileId, mappings }) => ({ mappings: dlq.mappings.set(profileId, mappings) }),
  };
}
