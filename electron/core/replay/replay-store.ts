import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../../../shared/errors';
import { ReplaySpec, type ReplayJob } from '../../../shared/model/replay';
import { writeFileAtomic } from '../util/atomic-write';
import type { EncodedEdit } from './replay-records';
import { processAlive } from '../util/process-alive';

/** A job as kept on disk: what it replays (never changed after creation, sealed by a fingerprint) and where it stands. */
export interface StoredReplay extends ReplayJob {
  edits: Record<string, EncodedEdit>;
  /** Of spec, ranges, edits, group and transactional id: a file changed by hand or damaged is refused, not run. */
  fingerprint: string;
  /** The spec's selection without the `again` flag: two jobs with the same one replay the same records. */
  selectionKey: string;
  /** The process running it, while one does. */
  owner?: { pid: number };
  /** Another cluster only: per target partition, where records whose position is not committed yet may start. */
  targetTail?: TargetTail[];
}

export interface TargetTail {
  topic: string;
  partition: number;
  from: number;
}

export function fingerprintOf(j: Pick<StoredReplay, 'spec' | 'ranges' | 'edits' | 'groupId' | 'transactionalId' | 'sourceTopic'>): string {
  return createHash('sha256').update(JSON.stringify([j.spec, j.ranges, j.edits, j.groupId, j.transactionalId, j.sourceTopic])).digest('hex');
}

/** Replay jobs in replay/<id>.json of Floe's data folder. */
export class ReplayStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'replay');
  }

  private path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** The job, checked whole; a job whose process is gone while it said "running" reads as interrupted. */
  get(id: string): StoredReplay {
    const path = this.path(id);
    if (!existsSync(path)) throw new FloeError('NOT_FOUND', `No replay "${id}" (floe replay ls lists them)`);
    let job: StoredReplay;
    try {
      job = JSON.parse(readFileSync(path, 'utf8')) as StoredReplay;
    } catch (e) {
      throw new FloeError('STORE_CORRUPT', `The replay file ${path} cannot be read (${(e as Error).message}): it is not run; what it sent stays committed in Kafka`);
    }
    const spec = ReplaySpec.safeParse(job?.spec);
    if (!spec.success || !Array.isArray(job.ranges) || typeof job.groupId !== 'string' || fingerprintOf(job) !== job.fingerprint)
      throw new FloeError('STORE_CORRUPT', `The replay file ${path} is damaged or was changed by hand (its selection no longer matches its fingerprint): it is not run`);
    if (job.status === 'running' && job.owner && job.owner.pid !== process.pid && !processAlive(job.owner.pid))
      return { ...job, status: 'interrupted', message: `The process running it (pid ${job.owner.pid}) stopped: resume it` };
    return job;
  }

  list(): { jobs: StoredReplay[]; problems: string[] } {
    if (!existsSync(this.dir)) return { jobs: [], problems: [] };
    const jobs: StoredReplay[] = [];
    const problems: string[] = [];
    for (const f of readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort()) {
      try {
        jobs.push(this.get(f.slice(0, -5)));
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    return { jobs: jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), problems };
  }

  /** Jobs cut off by a quit or a crash, which a starting app or server goes on with. */
  interruptedIds(): string[] {
    return this.list()
      .jobs.filter((j) => j.status === 'interrupted')
      .map((j) => j.id);
  }

  create(job: StoredReplay): void {
    mkdirSync(this.dir, { recursive: true });
    if (existsSync(this.path(job.id))) throw new FloeError('CONFLICT', `A replay "${job.id}" exists already`);
    this.write(job);
  }

  /** Saves where a job stands; its sealed part is never rewritten differently. */
  write(job: StoredReplay): void {
    if (fingerprintOf(job) !== job.fingerprint) throw new FloeError('INTERNAL', `replay ${job.id}: its selection must not change`);
    writeFileAtomic(this.path(job.id), JSON.stringify({ ...job, updatedAt: new Date().toISOString() }, null, 2));
  }
}
