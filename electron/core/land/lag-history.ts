import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LAND_HISTORY_KEEP_MS as KEEP_MS, LAND_SAMPLE_EVERY_MS as SAMPLE_EVERY_MS, type LandSample, type LandStatus } from '../../../shared/model/land';
import { writeFileAtomic } from '../util/atomic-write';

const MAX_SAMPLES = KEEP_MS / SAMPLE_EVERY_MS;

/**
 * A landing job's lag (records and seconds) and throughput over its last day of running, from its statuses: in
 * memory, and appended to `lag.ndjson` in the job's folder once each sample's 10 s are over, so the chart
 * survives a UI reload and a restart of the app (less the last 10 s). The file is rewritten with the kept
 * samples once it holds twice as many.
 */
export class LagHistory {
  private readonly samples = new Map<string, LandSample[]>();
  private readonly lines = new Map<string, number>();
  /** The newest sample in the file, per job. */
  private readonly persistedAt = new Map<string, number>();

  constructor(private readonly fileOf: (jobId: string) => string) {}

  record(status: LandStatus, now = status.updatedAtMs): void {
    const list = this.load(status.id);
    const sample: LandSample = { at: now, lagRecords: status.lagRecords, lagSeconds: Math.round(status.lagSeconds * 10) / 10, recordsPerSec: Math.round(status.recordsPerSec) };
    const last = list.at(-1);
    // A sample stands for its 10 s: the most lag seen in them (a peak between two statuses is not lost) and the newest rate.
    if (last && now - last.at < SAMPLE_EVERY_MS) {
      list[list.length - 1] = { at: last.at, lagRecords: Math.max(last.lagRecords, sample.lagRecords), lagSeconds: Math.max(last.lagSeconds, sample.lagSeconds), recordsPerSec: sample.recordsPerSec };
      return;
    }
    // The file takes a sample once its 10 s are over.
    if (last && this.persistedAt.get(status.id) !== last.at) this.persist(status.id, list, last);
    list.push(sample);
    while (list.length > 0 && (list.length > MAX_SAMPLES || list[0]!.at < now - KEEP_MS)) list.shift();
  }

  /** Samples since `sinceMs` (all kept ones by default), oldest first. */
  read(jobId: string, sinceMs = 0): LandSample[] {
    return this.load(jobId).filter((s) => s.at >= sinceMs);
  }

  /** Writes the sample still open (a job that stopped), so a restart finds it. */
  flush(jobId: string): void {
    const last = this.samples.get(jobId)?.at(-1);
    if (last && this.persistedAt.get(jobId) !== last.at) this.persist(jobId, this.samples.get(jobId)!, last);
  }

  forget(jobId: string): void {
    this.persistedAt.delete(jobId);
    this.samples.delete(jobId);
    this.lines.delete(jobId);
  }

  private persist(jobId: string, list: LandSample[], sample: LandSample): void {
    const file = this.fileOf(jobId);
    this.persistedAt.set(jobId, sample.at);
    try {
      mkdirSync(dirname(file), { recursive: true });
      const lines = (this.lines.get(jobId) ?? 0) + 1;
      if (lines > 2 * Math.max(list.length, 60)) {
        writeFileAtomic(file, list.map((s) => JSON.stringify(s)).join('\n') + '\n');
        this.lines.set(jobId, list.length);
      } else {
        appendFileSync(file, JSON.stringify(sample) + '\n');
        this.lines.set(jobId, lines);
      }
    } catch {
      // A chart is not worth failing a landing over: a full or read-only disk shows in the commit that follows.
    }
  }

  private load(jobId: string): LandSample[] {
    let list = this.samples.get(jobId);
    if (list) return list;
    list = [];
    const file = this.fileOf(jobId);
    let lines = 0;
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        lines++;
        const s = parseSample(line);
        if (s && (list.length === 0 || s.at > list.at(-1)!.at)) list.push(s);
      }
    }
    // The job's last day of running, as record() keeps it.
    const since = (list.at(-1)?.at ?? 0) - KEEP_MS;
    this.samples.set(jobId, list.filter((s) => s.at >= since).slice(-MAX_SAMPLES));
    if (list.length > 0) this.persistedAt.set(jobId, list.at(-1)!.at);
    this.lines.set(jobId, lines);
    return this.samples.get(jobId)!;
  }
}

/** A line of the file, or null when it is torn (a crash mid-append) or not a sample. */
function parseSample(line: string): LandSample | null {
  try {
    const s = JSON.parse(line) as Partial<LandSample>;
    return [s.at, s.lagRecords, s.lagSeconds, s.recordsPerSec].every((n) => typeof n === 'number' && Number.isFinite(n)) ? (s as LandSample) : null;
  } catch {
    return null;
  }
}

export const lagHistoryFile = (jobDir: string) => join(jobDir, 'lag.ndjson');
