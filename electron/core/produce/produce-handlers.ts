import type { produceContract } from '../../../shared/rpc/produce-contract';
import type { Handlers } from '../../../shared/rpc/procedure';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { Producers } from '../kafka/producers';
import type { RegistryClients } from '../registry/registry-clients';
import { produce, reproduce } from './produce';

/** Binds produce and re-produce to the producer pool. */
export function produceHandlers(deps: { kafka: KafkaClients; producers: Producers; registries: RegistryClients }): Handlers<typeof produceContract> {
  const { kafka, producers, registries } = deps;
  return {
    'messages.produce': (input) => produce(producers, kafka, registries, input),
    'messages.reproduce': (input) => reproduce(producers, kafka, input),
  };
}
