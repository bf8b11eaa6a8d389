import type { z } from 'zod';
import type { DlqGroupsRequest, DlqList, DlqListRequest, DlqRecordPage, DlqRecordsRequest, DlqScanProgress, DlqTriage } from '../../../shared/model/dlq';
import type { KafkaClients } from '../kafka/kafka-clients';
import { watermarks } from '../kafka/topic-partitions';
import type { DecodingStore } from '../messages/decoding-store';
import type { MessagesService } from '../messages/messages-service';
import { recordReaders, type RecordReaders } from '../messages/record-decoder';
import { planScan } from '../messages/scan-plan';
import type { RegistryClients } from '../registry/registry-clients';
import { readDlqPage } from './dlq-records';
import { discoverDlqs } from './discovery';
import type { MappingStore } from './mapping-store';
import { DlqSelector, planSelection } from './selection';
import { SourceStatuses } from './source-status';
import { triage } from './triage';

type Parsed<T extends z.ZodType> = z.output<T>;

/** Dead letters: which topics hold them, grouped by cause, and page by page with their source records' fate. */
export class DlqService {
  constructor(
    private readonly kafka: KafkaClients,
    private readonly registries: RegistryClients,
    private readonly decodings: DecodingStore,
    private readonly messages: MessagesService,
    readonly mappings: MappingStore,
  ) {}

  list(input: Parsed<typeof DlqListRequest>): Promise<DlqList> {
    const mappings = this.mappings.get(input.profileId);
    return this.kafka.run(input.profileId, async () => discoverDlqs(await this.kafka.cluster(input.profileId), { all: input.all, sample: input.sample, mappings }));
  }

  groups(input: Parsed<typeof DlqGroupsRequest>, progress: (p: DlqScanProgress) => void, signal?: AbortSignal): Promise<DlqTriage> {
    return this.kafka.run(input.profileId, async () => {
      const s = await this.messages.open(input.profileId, input.topic, undefined, { key: { format: 'hex' }, value: { format: 'hex' } });
      const wms = await watermarks(s.cluster, input.topic, s.leaders, s.partitions);
      const plan = await planScan({ cluster: s.cluster, topic: input.topic, leaders: s.leaders }, input.range, wms);
      const selector = await DlqSelector.create({ range: input.range }, s.readers, this.mappings.get(input.profileId), plan.window);
      return triage({ topic: input.topic, fetcher: s.fetcher, plan, watermarks: wms, range: input.range, buckets: input.buckets }, selector, progress, signal);
    });
  }

  records(input: Parsed<typeof DlqRecordsRequest>, signal?: AbortSignal): Promise<DlqRecordPage> {
    const mappings = this.mappings.get(input.profileId);
    return this.kafka.run(input.profileId, async () => {
      const s = await this.messages.open(input.profileId, input.topic, input.selection.partitions, input.decoding);
      const wms = await watermarks(s.cluster, input.topic, s.leaders, s.partitions);
      const plan = await planSelection({ cluster: s.cluster, topic: input.topic, leaders: s.leaders }, input.selection, wms);
      const selector = await DlqSelector.create(input.selection, s.readers, mappings, plan.window);
      const readers = new Map<string, Promise<RecordReaders>>();
      const readersFor = (topic: string | undefined): Promise<RecordReaders> => {
        if (input.decoding || topic === undefined) return Promise.resolve(s.readers);
        let r = readers.get(topic);
        if (!r) readers.set(topic, (r = this.sourceReaders(input.profileId, topic)));
        return r;
      };
      return readDlqPage({ fetcher: s.fetcher, selector, sources: new SourceStatuses(s.cluster), readersFor, mappings }, plan, input.after, input.limit, signal);
    });
  }

  /** How the source topic's records are read in the message viewer (its saved decoding). */
  private sourceReaders(profileId: string, topic: string): Promise<RecordReaders> {
    return recordReaders(this.decodings.get(profileId, topic), this.registries.decoder(profileId), this.registries.get(profileId));
  }
}
