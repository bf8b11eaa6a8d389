import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { GroupDetail, GroupMember, GroupPartitionLag, GroupSummary } from '../../../shared/model/groups';
import type { KafkaClients } from '../kafka/kafka-clients';
import { endOffsets, tp } from '../kafka/end-offsets';

interface Committed {
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

const CONCURRENCY = 16;

async function inBatches<T, R>(items: T[], work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + CONCURRENCY).map(work))));
  return out;
}

export async function committedOffsets(admin: Admin, groupId: string, topics?: string[]): Promise<Committed[]> {
  const res = await admin.fetchOffsets({ groupId, ...(topics ? { topics } : {}) });
  return res.flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: Number(p.offset), metadata: p.metadata ?? null })),
  );
}

function assignment(member: GroupDescription['members'][number]): Record<string, number[]> {
  if (!member.memberAssignment || member.memberAssignment.length === 0) return {};
  try {
    return AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {};
  } catch {
    return {};
  }
}

const lagOf = (committed: number, end: number | undefined) => (committed < 0 || end === undefined ? null : Math.max(0, end - committed));

/** Every group with state, protocol, member count, topics and total lag; a fixed number of round trips per 16 groups. */
export async function listGroups(kafka: KafkaClients, profileId: string): Promise<{ groups: GroupSummary[]; fetchedInMs: number }> {
  const started = performance.now();
  return kafka.run(profileId, async () => {
    const admin = await kafka.admin(profileId);
    const cluster = await kafka.cluster(profileId);
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).sort((a, b) => a.localeCompare(b));
    const descriptions = new Map<string, GroupDescription>();
    for (let i = 0; i < ids.length; i += 100) for (const d of (await admin.describeGroups(ids.slice(i, i + 100))).groups) descriptions.set(d.groupId, d);
    const committed = new Map(await inBatches(ids, async (id) => [id, await committedOffsets(admin, id).catch(() => [] as Committed[])] as const));
    const ends = await endOffsets(cluster, [...committed.values()].flat().map((c) => c.topic));
    const summaries = ids.map((groupId): GroupSummary => {
      const d = descriptions.get(groupId);
      const offsets = (committed.get(groupId) ?? []).filter((c) => c.offset >= 0);
      const lags = offsets.map((c) => lagOf(c.offset, ends.get(tp(c.topic, c.partition)))).filter((l): l is number => l !== null);
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? groups.find((g) => g.groupId === groupId)?.protocolType ?? '',
        protocol: d?.protocol ?? '',
        members: d?.members.length ?? 0,
        totalLag: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
        topics: [...new Set(offsets.map((c) => c.topic))].sort(),
      };
    });
    return { groups: summaries, fetchedInMs: Math.round(performance.now() - started) };
  });
}

export async function describeGroup(kafka: KafkaClients, profileId: string, groupId: string): Promise<GroupDetail> {
  const started = performance.now();
  return kafka.run(profileId, async () => {
    const admin = await kafka.admin(profileId);
    const cluster = await kafka.cluster(profileId);
    const [{ groups }, committed] = await Promise.all([admin.describeGroups([groupId]), committedOffsets(admin, groupId)]);
    const d = groups[0];
    if (!d || (d.state === 'Dead' && committed.every((c) => c.offset < 0))) throw new FloeError('NOT_FOUND', `No consumer group "${groupId}"`);
    const members: GroupMember[] = d.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: assignment(m) }));
    const owner = new Map<string, string>();
    for (const m of members) for (const [topic, ps] of Object.entries(m.assignment)) for (const p of ps) owner.set(tp(topic, p), m.memberId);
    const ends = await endOffsets(cluster, committed.map((c) => c.topic));
    const partitions: GroupPartitionLag[] = committed
      .map((c) => {
        const end = ends.get(tp(c.topic, c.partition));
        return {
          topic: c.topic,
          partition: c.partition,
          committed: c.offset >= 0 ? c.offset : null,
          end: end ?? -1,
          lag: lagOf(c.offset, end),
          metadata: c.metadata || null,
          memberId: owner.get(tp(c.topic, c.partition)) ?? null,
        };
      })
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    const lags = partitions.map((p) => p.lag).filter((l): l is number => l !== null);
    const coordinator = await cluster.findGroupCoordinator({ groupId }).then((b) => b.nodeId, () => null);
    return {
      groupId,
      state: d.state,
      protocolType: d.protocolType,
      protocol: d.protocol,
      members: members.length,
      totalLag: lags.length ? lags.reduce((a, b) => a + b, 0) : null,
      coordinator,
      memberList: members,
      partitions,
      fetchedInMs: Math.round(performance.now() - started),
    };
  });
}

export async function deleteGroup(kafka: KafkaClients, profileId: string, groupId: string): Promise<{ deleted: string }> {
  return kafka.run(profileId, async () => {
    const admin = await kafka.admin(profileId);
    try {
      await admin.deleteGroups([groupId]);
    } catch (e) {
      const type = (e as { groups?: { error?: { type?: string } }[] }).groups?.[0]?.error?.type ?? (e as { type?: string }).type ?? '';
      if (type === 'NON_EMPTY_GROUP') throw new FloeError('CONFLICT', `Group "${groupId}" still has active members: stop its consumers first`);
      if (type === 'GROUP_ID_NOT_FOUND') throw new FloeError('NOT_FOUND', `No consumer group "${groupId}"`);
      throw e;
    }
    return { deleted: groupId };
  });
}
