import { z } from 'zod';
import { ReplayPlanRequest, ReplayRef, ReplaySpec, type ReplayJob, type ReplayPlan } from '../model/replay';
import { TransformRequest, type TransformResult } from '../model/replay-transform';
import { call, stream } from './procedure';

/** Replays: dead letters fixed and sent back, or one partition re-published, exactly once for read_committed readers. */
export const replayContract = {
  /** A dry run: what would be sent, where, and what would stop the run. */
  'replay.plan': stream(ReplayPlanRequest).returns<ReplayPlan, never>(),
  /** One transform for many dead letters (a cause, a filter): the edits it makes, to pass as a replay's `edits`; nothing is sent. */
  'replay.transform': call(TransformRequest).returns<TransformResult>(),
  /** Fixes a job's selection (ranges, encoded edits); refuses one another job already takes unless `again`. */
  'replay.create': call(ReplaySpec).returns<ReplayJob>(),
  /** Runs or resumes a job to its end; emits the job after every transaction. */
  'replay.run': stream(ReplayRef).returns<ReplayJob, ReplayJob>(),
  'replay.get': call(ReplayRef).returns<ReplayJob>(),
  'replay.list': call(z.object({})).returns<{ jobs: ReplayJob[]; problems: string[] }>(),
  /** Stops a running job after its current transaction; resume goes on from there. */
  'replay.cancel': call(ReplayRef).returns<ReplayJob>(),
};
