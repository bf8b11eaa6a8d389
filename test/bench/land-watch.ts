// bench:land helper: watches a table in a SQL catalog (pyiceberg's / the JDBC catalog's `iceberg_tables`) from
// outside the writer, noting when each new metadata location became visible and what its current snapshot says.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface SeenCommit {
  seenAtMs: number;
  location: string;
  /** The current snapshot's summary (empty before the first snapshot). */
  summary: Record<string, string>;
}

/** A probe record produced while landing: where it went and when it was sent. */
export interface Probe {
  partition: number;
  offset: number;
  producedAtMs: number;
}

export class CatalogWatcher {
  readonly commits: SeenCommit[] = [];
  private db: Database.Database | null = null;
  private timer: NodeJS.Timeout | null = null;
  private last: string | null = null;

  constructor(
    private readonly dbPath: string,
    private readonly namespace: string,
    private readonly name: string,
    private readonly everyMs = 50,
  ) {}

  start(): this {
    this.timer = setInterval(() => this.poll(), this.everyMs);
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.db?.close();
  }

  private poll(): void {
    try {
      this.db ??= new Database(this.dbPath, { readonly: true, fileMustExist: true });
      const row = this.db.prepare('SELECT metadata_location FROM iceberg_tables WHERE table_namespace = ? AND table_name = ?').get(this.namespace, this.name) as { metadata_location: string } | undefined;
      if (!row || row.metadata_location === this.last) return;
      const seenAtMs = Date.now();
      this.last = row.metadata_location;
      this.commits.push({ seenAtMs, location: row.metadata_location, summary: currentSummary(row.metadata_location) });
    } catch {
      // Not created yet (no file, no table): the next poll looks again.
      this.db?.close();
      this.db = null;
    }
  }

  /** The first commit seen (now or later) for which `done` holds. */
  async waitFor(done: (c: SeenCommit) => boolean, timeoutMs: number, what: string): Promise<SeenCommit> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.commits.find(done);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, this.everyMs));
    }
    throw new Error(`${what}: not there after ${timeoutMs / 1000} s (last summary seen: ${JSON.stringify(this.commits.at(-1)?.summary ?? null)})`);
  }
}

function currentSummary(location: string): Record<string, string> {
  const meta = JSON.parse(readFileSync(location.replace(/^file:(\/\/)?/, ''), 'utf8')) as { 'current-snapshot-id'?: number; snapshots?: { 'snapshot-id': number; summary: Record<string, string> }[] };
  return meta.snapshots?.find((s) => s['snapshot-id'] === meta['current-snapshot-id'])?.summary ?? {};
}

/** Floe's committed offsets (the next offset per partition) in a snapshot summary. */
export const landedOffsets = (c: SeenCommit): Record<string, number> => JSON.parse(c.summary['floe.land.offsets'] ?? '{}') as Record<string, number>;

/**
 * Records/s up to the commit before `full` (the last one that did not hold the whole backlog yet), counted by
 * `landed`, from `startedAtMs`; null when `full` was the first commit or nothing had landed before it.
 */
export function rateBefore(commits: SeenCommit[], full: SeenCommit, startedAtMs: number, landed: (c: SeenCommit) => number): number | null {
  const before = commits[commits.indexOf(full) - 1];
  const n = before ? landed(before) : 0;
  return before && n > 0 ? (n * 1000) / (before.seenAtMs - startedAtMs) : null;
}

/** Produce → visible in a committed snapshot, per probe (ms); a probe never seen committed is left out and counted. */
export function freshness(probes: Probe[], commits: SeenCommit[]): { ms: number[]; unseen: number } {
  const ms: number[] = [];
  let unseen = 0;
  for (const p of probes) {
    const c = commits.find((x) => (landedOffsets(x)[String(p.partition)] ?? 0) > p.offset);
    if (c) ms.push(c.seenAtMs - p.producedAtMs);
    else unseen++;
  }
  return { ms, unseen };
}

export function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
