import type { Admin } from 'kafkajs';
import { FloeError } from '../../../shared/errors';
import type { PartitionWatermarks, StartPosition } from '../../../shared/model/messages';
import type { RawCluster } from '../kafka/kafkajs-cluster';
import { listOffsets, type PartitionLeader } from '../kafka/topic-partitions';

export interface ResolvedStart {
  /** Where reading starts (forward) or the exclusive end (backward), per partition. */
  positions: Map<number, number>;
  direction: 'forward' | 'backward';
  notes: string[];
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/** Offsets inside [low, high]; what was moved is said in a note. */
function clamp(partition: number, offset: number, wm: PartitionWatermarks, notes: string[]): number {
  if (offset < wm.low) {
    notes.push(`Partition ${partition}: offset ${offset} is no longer retained; starting at the first retained offset ${wm.low}`);
    return wm.low;
  }
  if (offset > wm.high) {
    notes.push(`Partition ${partition}: offset ${offset} is past the end (${wm.high}); starting at the end`);
    return wm.high;
  }
  return offset;
}

export async function resolveStart(
  deps: { cluster: RawCluster; admin: () => Promise<Admin>; topic: string; leaders: PartitionLeader[] },
  start: StartPosition,
  wms: PartitionWatermarks[],
): Promise<ResolvedStart> {
  const notes: string[] = [];
  const positions = new Map<number, number>();
  const each = (f: (wm: PartitionWatermarks) => number) => {
    for (const wm of wms) positions.set(wm.partition, f(wm));
  };
  switch (start.kind) {
    case 'beginning':
      each((wm) => wm.low);
      return { positions, direction: 'forward', notes };
    case 'latest':
      each((wm) => wm.high);
      return { positions, direction: 'backward', notes };
    case 'offset': {
      if (start.offset === undefined && !start.offsets) throw new FloeError('BAD_INPUT', 'Start at an offset needs `offset` (every partition) or `offsets` (per partition)');
      each((wm) => {
        const asked = start.offsets?.[String(wm.partition)] ?? start.offset;
        return asked === undefined ? wm.low : clamp(wm.partition, asked, wm, notes);
      });
      return { positions, direction: 'forward', notes };
    }
    case 'after':
    case 'before':
      each((wm) => {
        const asked = start.positions[String(wm.partition)];
        return asked === undefined ? (start.kind === 'after' ? wm.high : wm.low) : clamp(wm.partition, asked, wm, notes);
      });
      return { positions, direction: start.kind === 'after' ? 'forward' : 'backward', notes };
    case 'timestamp': {
      const found = await listOffsets(deps.cluster, deps.topic, deps.leaders, new Map(wms.map((wm) => [wm.partition, start.timestamp])));
      each((wm) => {
        const offset = found.get(wm.partition) ?? -1;
        if (offset < 0) {
          if (wm.high > wm.low) notes.push(`Partition ${wm.partition}: no record at or after ${iso(start.timestamp)}; starting at its end`);
          return wm.high;
        }
        return Math.min(Math.max(offset, wm.low), wm.high);
      });
      return { positions, direction: 'forward', notes };
    }
    case 'group': {
      const admin = await deps.admin();
      const committed = await admin.fetchOffsets({ groupId: start.groupId, topics: [deps.topic] });
      const byPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      if (![...byPartition.values()].some((o) => o >= 0))
        throw new FloeError('NOT_FOUND', `Group "${start.groupId}" has no committed offsets for ${deps.topic}`);
      each((wm) => {
        const offset = byPartition.get(wm.partition) ?? -1;
        if (offset < 0) {
          notes.push(`Partition ${wm.partition}: group "${start.groupId}" has no committed offset; starting at the beginning`);
          return wm.low;
        }
        return clamp(wm.partition, offset, wm, notes);
      });
      return { positions, direction: 'forward', notes };
    }
  }
}
