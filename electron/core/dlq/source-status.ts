import { isFloeError } from '../../../shared/errors';
import type { DlqError, SourceStatus } from '../../../shared/model/dlq';
import type { PartitionWatermarks } from '../../../shared/model/messages';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { topicPartitions, watermarks } from '../kafka/topic-partitions';

type TopicState = { state: 'gone' } | { state: 'ok'; wms: PartitionWatermarks[] } | { state: 'error'; reason: string };

/**
 * Whether the records dead letters point to can still be read at their partition and offset. Each source
 * topic's watermarks are asked once per instance (one page of dead letters).
 */
export class SourceStatuses {
  private readonly topics = new Map<string, Promise<TopicState>>();

  constructor(private readonly cluster: RawCluster) {}

  private topic(topic: string): Promise<TopicState> {
    let state = this.topics.get(topic);
    if (!state) {
      state = (async (): Promise<TopicState> => {
        try {
          const leaders = await topicPartitions(this.cluster, topic);
          return { state: 'ok', wms: await watermarks(this.cluster, topic, leaders, leaders.map((l) => l.partition)) };
        } catch (e) {
          if (isFloeError(e, 'NOT_FOUND')) return { state: 'gone' };
          return { state: 'error', reason: (e as Error).message };
        }
      })();
      this.topics.set(topic, state);
    }
    return state;
  }

  async of(error: DlqError): Promise<SourceStatus> {
    const source = error.source;
    if (!source) return { state: 'unknown', reason: 'the error headers do not name the source topic' };
    if (source.partition === undefined || source.offset === undefined) return { state: 'unknown', reason: 'the error headers do not name the source partition and offset' };
    const t = await this.topic(source.topic);
    if (t.state === 'gone') return { state: 'topic-gone' };
    if (t.state === 'error') return { state: 'unknown', reason: t.reason };
    const wm = t.wms.find((w) => w.partition === source.partition);
    if (!wm) return { state: 'no-partition', partitions: t.wms.length };
    if (source.offset < wm.low) return { state: 'deleted', low: wm.low, high: wm.high };
    if (source.offset >= wm.high) return { state: 'not-yet', high: wm.high };
    return { state: 'present' };
  }
}
