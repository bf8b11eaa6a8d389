import type { SearchView, TopicDecoding } from '../../../shared/model/messages';
import type { ChunkJob, ChunkResult } from './chunk-scanner';

/** What a scan worker is set up with for one scan (it serves one scan after another): how to decode and what to match. */
export interface ScanWorkerData {
  decoding: TopicDecoding;
  match: { filter?: string; text?: string; undecodable?: boolean; view?: SearchView };
  /** Whether the profile has a schema registry (the worker asks the core for schemas; it never holds credentials). */
  registry: boolean;
}

export type ToWorker =
  /** The next jobs are scan `scan`'s: build its decoder and filter. */
  | { type: 'setup'; scan: number; data: ScanWorkerData }
  | { type: 'job'; id: number; job: ChunkJob }
  | { type: 'lookup-reply'; id: number; value?: unknown; error?: { code?: string; message: string } };

export type LookupRequest = { kind: 'schema'; schemaId: number } | { kind: 'subject'; subject: string; version?: number };

export type FromWorker =
  /** The worker has built scan `scan`'s decoder and filter. */
  | { type: 'ready'; scan: number }
  /** `buffer`: the job's bytes' buffer, transferred back for the next job (the pool's chunkBuffers). */
  | { type: 'result'; id: number; result: ChunkResult; buffer?: ArrayBuffer }
  /** The job failed as a whole (not one record: those are in the result's failures). */
  | { type: 'job-error'; id: number; message: string; code?: string; buffer?: ArrayBuffer }
  | { type: 'lookup'; id: number; request: LookupRequest };
