import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../../../shared/errors';
import { LandJobSpec, type LandJobSpecParsed, type LandStatus } from '../../../shared/model/land';
import { writeFileAtomic } from '../util/atomic-write';

export interface StoredJob {
  id: string;
  spec: LandJobSpecParsed;
  /** Whether the job should run: the desktop app restarts running ones on launch, `floe land run` stops when it turns false. */
  running: boolean;
  createdAtMs: number;
}

/** Landing jobs in land/jobs.json of Floe's data folder, and each job's last status in land/<id>/status.json. */
export class LandJobsStore {
  readonly dir: string;
  private readonly path: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'land');
    this.path = join(this.dir, 'jobs.json');
  }

  list(): StoredJob[] {
    if (!existsSync(this.path)) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.path, 'utf8'), (_k, v: unknown) => (v && typeof v === 'object' && '$big' in v ? BigInt((v as { $big: string }).$big) : v));
    } catch (e) {
      throw new FloeError('STORE_CORRUPT', `${this.path} cannot be read (${(e as Error).message}): fix or remove it; the tables and their offsets are untouched`);
    }
    if (!Array.isArray(raw)) throw new FloeError('STORE_CORRUPT', `${this.path} is not a list of landing jobs`);
    return raw.map((j: StoredJob) => {
      const spec = LandJobSpec.safeParse(j.spec);
      if (!spec.success) throw new FloeError('STORE_CORRUPT', `${this.path}: job ${j.id} is not a valid landing job: ${spec.error.issues[0]?.message}`);
      return { ...j, spec: spec.data };
    });
  }

  /** The jobs marked running, which a starting app or server runs again. */
  runningIds(): string[] {
    return this.list()
      .filter((j) => j.running)
      .map((j) => j.id);
  }

  get(idOrName: string): StoredJob {
    const jobs = this.list();
    const found = jobs.find((j) => j.id === idOrName) ?? jobs.find((j) => j.spec.name === idOrName);
    if (!found) throw new FloeError('NOT_FOUND', `No landing job "${idOrName}" (there are ${jobs.length}: ${jobs.map((j) => j.spec.name).join(', ') || 'none'})`);
    return found;
  }

  save(jobs: StoredJob[]): void {
    writeFileAtomic(this.path, JSON.stringify(jobs, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: String(v) } : v), 2));
  }

  update(id: string, change: (j: StoredJob) => StoredJob | null): void {
    const jobs = this.list();
    const next = jobs.flatMap((j) => (j.id === id ? [change(j)].filter((x): x is StoredJob => x !== null) : [j]));
    this.save(next);
  }

  jobDir(id: string): string {
    return join(this.dir, id);
  }

  writeStatus(status: LandStatus): void {
    writeFileAtomic(join(this.jobDir(status.id), 'status.json'), JSON.stringify(status, null, 2));
  }

  readStatus(id: string): LandStatus | null {
    const path = join(this.jobDir(id), 'status.json');
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as LandStatus;
    } catch {
      return null;
    }
  }
}
