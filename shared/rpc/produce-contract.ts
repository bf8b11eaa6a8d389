import { ProduceRequest, ReproduceRequest, type ProduceResult } from '../model/produce';
import { call } from './procedure';

/** Writing records: schema-aware produce, and re-producing a record that is already on a topic. */
export const produceContract = {
  'messages.produce': call(ProduceRequest).returns<ProduceResult>(),
  'messages.reproduce': call(ReproduceRequest).returns<ProduceResult>(),
};
