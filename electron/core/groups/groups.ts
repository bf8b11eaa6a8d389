import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { GroupDetail, GroupMember, GroupPartitionLag, GroupSummary } from '../../../shared/model/groups';
import type { KafkaClients } from '../kafka/kafka-clients';
import { topicWatermarks, type TopicWatermarks } from '../kafka/topic-watermarks';
import { lagTotals, partitionLag } from './group-lag';

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

/** The topics a member subscribes to (consumer protocol metadata), or none when it is not a consumer. */
function subscription(member: GroupDescription['members'][number]): string[] {
  if (!member.memberMetadata || member.memberMetadata.length === 0) return [];
  try {
    return AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics ?? [];
  } catch {
    return [];
  }
}

/** Topics a group committed offsets for or its members subscribe to or are assigned. */
function subscribedTopics(committed: Committed[], description: GroupDescription | undefined): string[] {
  const topics = new Set(committed.filter((c) => c.offset >= 0).map((c) => c.topic));
  for (const m of description?.members ?? []) {
    for (const t of subscription(m)) topics.add(t);
    for (const t of Object.keys(assignment(m))) topics.add(t);
  }
  return [...topics].sort();
}

/** Every partition of every subscribed topic with its lag: committed ones, and never-committed ones counted from both possible starts. */
function partitionLags(topics: string[], committed: Committed[], watermarks: Map<string, TopicWatermarks>): GroupPartitionLag[] {
  const byPartition = new Map(committed.map((c) => [`${c.topic}\u0000${c.partition}`, c]));
  const rows: GroupPartitionLag[] = [];
  for (const topic of topics) {
    const wms = watermarks.get(topic);
    const partitions = new Set([...(wms?.keys() ?? []), ...committed.filter((c) => c.topic === topic).map((c) => c.partition)]);
    for (const partition of [...partitions].sort((a, b) => a - b)) {
      const c = byPartition.get(`${topic}\u0000${partition}`);
      const wm = wms?.get(partition);
      const offset = c && c.offset >= 0 ? c.offset : null;
      const lag = wm ? partitionLag(offset, wm.low, wm.high) : { committed: offset, start: -1, end: -1, lag: null, ifEarliest: null };
      rows.push({ topic, partition, ...lag, metadata: c?.metadata || null, memberId: null });
    }
  }
  return rows;
}

/** Every group with state, protocol, member count, topics and lag; a fixed number of round trips per 16 groups. */
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
    const topicsOf = new Map(ids.map((id) => [id, subscribedTopics(committed.get(id) ?? [], descriptions.get(id))]));
    const watermarks = await topicWatermarks(cluster, [...topicsOf.values()].flat());
    const summaries = ids.map((groupId): GroupSummary => {
      const d = descriptions.get(groupId);
      const topics = topicsOf.get(groupId) ?? [];
      return {
        groupId,
        state: d?.state ?? 'Unknown',
        protocolType: d?.protocolType ?? groups.find((g) => g.groupId === groupId)?.protocolType ?? '',
        protocol: d?.protocol ?? '',
        members: d?.members.length ?? 0,
        ...lagTotals(partitionLags(topics, committed.get(groupId) ?? [], watermarks)),
        topics,
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
    for (const m of members) for (const [topic, ps] of Object.entries(m.assignment)) for (const p of ps) owner.set(`${topic}\u0000${p}`, m.memberId);
    const topics = subscribedTopics(committed, d);
    const partitions = partitionLags(topics, committed, await topicWatermarks(cluster, topics)).map((r) => ({ ...r, memberId: owner.get(`${r.topic}\u0000${r.partition}`) ?? null }));
    const coordinator = await cluster.findGroupCoordinator({ groupId }).then((b) => b.nodeId, () => null);
    return {
      groupId,
      state: d.state,
      protocolType: d.protocolType,
      protocol: d.protocol,
      members: members.length,
      ...lagTotals(partitions),
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
