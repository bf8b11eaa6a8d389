import type { produceContract } from '../../../shared/rpc/produce-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { RegistryClients } from '../registry/registry-clients';
import { produce, reproduce } from './produce';

/** Binds produce and re-produce to the producer pool. */
export function produceHandlers(deps: { kafka: KafkaClients; registries: RegistryClients }): Handlers<typeof produceContract> {
  const { kafka, registries } = deps;
  return {
    'messages.produce': (input) => produce(kafka, registries, input),
    'messages.reproduce': (input) => reproduce(kafka, input),
  };
}
