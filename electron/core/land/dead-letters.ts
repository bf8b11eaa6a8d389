import type { KafkaClients } from '../kafka/kafka-clients';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import type { RawRecord } from '../kafka/record-batch';
import type { OutRecord } from '../kafka/record-batch-writer';
import { sendRecords } from '../produce/record-sender';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Records that cannot land, sent to a dead-letter topic with the `__connect.errors.*` headers Kafka Connect writes,
 * so the DLQ room triages them like Connect's own; the record's own headers are kept byte for byte. Sent before the
 * commit that moves past them: after a crash between the two they are sent again (at least once), never lost.
 */
export class DeadLetters {
  private pending: OutRecord[] = [];
  sent = 0;

  constructor(
    readonly topic: string,
    private readonly source: string,
    private readonly jobName: string,
  ) {}

  /** Like Kafka Connect, the dead-letter topic is created when missing (one partition, the broker's replication factor). */
  async ensureTopic(kafka: KafkaClients, profileId: string): Promise<void> {
    await kafka.run(profileId, async () => {
      const admin = await kafka.admin(profileId);
      await admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 1 }], waitForLeaders: true });
    });
  }

  add(partition: number, r: RawRecord, stage: string, reason: string): void {
    const errors: [string, string][] = [
      ['__connect.errors.topic', this.source],
      ['__connect.errors.partition', String(partition)],
      ['__connect.errors.offset', String(r.offset)],
      ['__connect.errors.connector.name', `floe-land:${this.jobName}`],
      ['__connect.errors.task.id', '0'],
      ['__connect.errors.stage', stage],
      ['__connect.errors.class.name', 'floe.land.LandingJob'],
      ['__connect.errors.exception.class.name', 'floe.land.BadRecord'],
      ['__connect.errors.exception.message', reason],
      ['__connect.errors.exception.stacktrace', `floe.land.BadRecord: ${reason}\n\tat landing job ${this.jobName} (${this.source}-${partition}@${r.offset})`],
    ];
    this.pending.push({
      key: r.key ? Buffer.from(r.key) : null,
      value: r.value ? Buffer.from(r.value) : null,
      headers: [...r.headers.map((h) => ({ key: h.key, value: h.value ? Buffer.from(h.value) : null })), ...errors.map(([key, value]) => ({ key, value: utf8(value) }))],
      timestamp: r.timestamp,
    });
  }

  get size(): number {
    return this.pending.length;
  }

  async flush(cluster: RawCluster): Promise<void> {
    if (this.pending.length === 0) return;
    // Records added while this send is out (the next batch's, during a commit) wait for the next flush.
    const records = this.pending;
    this.pending = [];
    try {
      await sendRecords(cluster, this.topic, records);
    } catch (e) {
      this.pending = records.concat(this.pending);
      throw e;
    }
    this.sent += records.length;
  }
}
