import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { ResetOffsetsRequest, ResetPlan, ResetPlanRow } from '../../../shared/model/groups';
import type { KafkaClients } from '../kafka/kafka-clients';
import { committedOffsets } from './groups';
import { listOffsets, topicPartitions, watermarks } from '../kafka/topic-partitions';

/**
 * Offset reset for a whole topic or one partition: always planned first (current, target, retained range),
 * applied only when asked and only while the group has no members (OffsetCommit with generation -1, as
 * Kafka's own admin client does). Targets are clamped to the retained range.
 */
export async function resetOffsets(kafka: KafkaClients, input: z.output<typeof ResetOffsetsRequest>): Promise<ResetPlan> {
  return kafka.run(input.profileId, async () => {
    const admin = await kafka.admin(input.profileId);
    const cluster = await kafka.cluster(input.profileId);
    const { groupId, topic, to } = input;
    const leaders = await topicPartitions(cluster, topic);
    const partitions = input.partition === undefined ? leaders.map((l) => l.partition) : [input.partition];
    if (input.partition !== undefined && !leaders.some((l) => l.partition === input.partition))
      throw new FloeError('BAD_INPUT', `Topic "${topic}" has no partition ${input.partition} (it has ${leaders.length})`);
    const [wms, committed, byTime] = await Promise.all([
      watermarks(cluster, topic, leaders, partitions),
      committedOffsets(admin, groupId, [topic]),
      to.kind === 'timestamp' ? listOffsets(cluster, topic, leaders, new Map(partitions.map((p) => [p, to.timestamp]))) : Promise.resolve(null),
    ]);
    const current = new Map(committed.map((c) => [c.partition, c.offset >= 0 ? c.offset : null]));
    const rows: ResetPlanRow[] = wms.map(({ partition, low, high }) => {
      const now = current.get(partition) ?? null;
      let target: number;
      let note: string | undefined;
      switch (to.kind) {
        case 'earliest':
          target = low;
          break;
        case 'latest':
          target = high;
          break;
        case 'offset':
          target = to.offset;
          break;
        case 'timestamp': {
          const found = byTime!.get(partition) ?? -1;
          target = found < 0 ? high : found;
          if (found < 0) note = 'no record at or after that time: set to the end';
          break;
        }
        case 'shift':
          if (now === null) {
            target = to.by < 0 ? high : low;
            note = `no committed offset to shift: shifting from the ${to.by < 0 ? 'end' : 'beginning'}`;
            target = Math.max(low, Math.min(high, target + to.by));
          } else target = now + to.by;
          break;
      }
      if (target < low) {
        note = `${target} is below the first retained offset: clamped to ${low}`;
        target = low;
      } else if (target > high) {
        note = `${target} is past the end: clamped to ${high}`;
        target = high;
      }
      return { partition, current: now, target, low, high, ...(note ? { note } : {}) };
    });
    const plan: ResetPlan = { groupId, topic, applied: false, rows };
    if (input.dryRun) return plan;

    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group && group.members.length > 0)
      throw new FloeError(
        'CONFLICT',
        `Group "${groupId}" has ${group.members.length} active member(s) (state ${group.state}): stop its consumers before resetting offsets (their next commit would overwrite the reset)`,
        { members: group.members.map((m) => `${m.clientId}@${m.clientHost}`) },
      );
    const coordinator = await cluster.findGroupCoordinator({ groupId });
    const res = await coordinator.offsetCommit({
      groupId,
      groupGenerationId: -1,
      memberId: '',
      topics: [{ topic, partitions: rows.map((r) => ({ partition: r.partition, offset: String(r.target) })) }],
    });
    const failed = res.responses.flatMap((r) => r.partitions.filter((p) => p.errorCode !== 0));
    if (failed.length > 0) throw new FloeError('REMOTE_ERROR', `The coordinator refused the commit for partitions ${failed.map((f) => `${f.partition} (error ${f.errorCode})`).join(', ')}`);
    return { ...plan, applied: true };
  });
}
