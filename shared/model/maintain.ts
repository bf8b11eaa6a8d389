import { z } from 'zod';

export const MAINTAIN_OPERATIONS = ['compact', 'expire', 'orphans', 'rewrite-manifests'] as const;
export type MaintainOperation = (typeof MAINTAIN_OPERATIONS)[number];

/** What one maintenance operation did (or, on a dry run, would do). */
export interface MaintainReport {
  table: string;
  operation: MaintainOperation;
  dryRun: boolean;
  /** What was (or would be) done, in a sentence or two. */
  message: string;
  /** The snapshot committed (compact, rewrite-manifests); null on a dry run or when nothing changed. */
  snapshotId: string | null;
  /** Commit attempts (more than one: another writer committed first and the work was redone on its snapshot). */
  attempts: number;
  /** Named figures: files before and after, bytes, snapshots expired… */
  counts: Record<string, number>;
  /** Files (or snapshots, for expire) removed, or that would be. */
  removed: string[];
  /** Files written. */
  added: string[];
  /** What was kept on purpose and why (expire: a landing job's offsets, a tag; orphans: too young). */
  kept: { what: string; why: string }[];
}

/** A table's state as maintenance sees it, with what Floe suggests. */
export interface TableHealth {
  table: string;
  dataFiles: number;
  dataBytes: number;
  /** Data files under 3/4 of the target file size. */
  smallFiles: number;
  avgFileBytes: number;
  targetFileBytes: number;
  deleteFiles: number;
  /** Delete files per data file. */
  deleteFileRatio: number;
  /** Rows deleted by delete files over rows in data files (position deletes counted exactly, equality deletes as rows). */
  deletedRowRatio: number;
  snapshots: number;
  oldestSnapshotAgeMs: number | null;
  manifests: number;
  suggestions: { operation: MaintainOperation; why: string }[];
}

const Bytes = z.number().int().min(1024, 'a file size is at least 1024 bytes').max(64 * 1024 ** 3);

export const CompactInput = z.object({
  targetFileBytes: Bytes.optional(),
  minInputFiles: z.number().int().min(1).max(100_000).optional(),
  dryRun: z.boolean().default(false),
});
export const ExpireInput = z.object({
  /** Snapshots older than this many milliseconds may go. */
  olderThanMs: z.number().int().min(0).max(100 * 365 * 86_400_000).default(5 * 86_400_000),
  /** The newest this many snapshots of the main branch always stay. */
  retainLast: z.number().int().min(1).max(1_000_000).default(1),
  dryRun: z.boolean().default(false),
});
export const OrphansInput = z.object({
  /** Unreferenced files younger than this are left (a writer may be about to commit them). */
  olderThanMs: z.number().int().min(60_000, 'the safety age is at least one minute (a writer may be about to commit newer files)').max(100 * 365 * 86_400_000).default(3 * 86_400_000),
  dryRun: z.boolean().default(false),
});
export const RewriteManifestsInput = z.object({
  /** Entries per rewritten manifest. */
  entriesPerManifest: z.number().int().min(1).max(10_000_000).default(100_000),
  dryRun: z.boolean().default(false),
});
export type CompactRequest = z.input<typeof CompactInput>;
export type ExpireRequest = z.input<typeof ExpireInput>;
export type OrphansRequest = z.input<typeof OrphansInput>;
export type RewriteManifestsRequest = z.input<typeof RewriteManifestsInput>;
