import { z } from 'zod';
import { LandJobSpec, LandMaintenance, type LandSample, type LandStatus, type LandWhere } from '../model/land';
import { LandExportRequest, type LandExport } from '../model/land-export';
import { call, stream } from './procedure';

const JobRef = z.object({ job: z.string().min(1) });

export interface LandJobView {
  id: string;
  spec: z.output<typeof LandJobSpec>;
  running: boolean;
  status: LandStatus | null;
}

/** Landing jobs: a topic kept as an Iceberg table (issue 11). */
export const landContract = {
  'land.create': call(LandJobSpec).returns<LandJobView>(),
  'land.list': call(z.object({})).returns<{ jobs: LandJobView[] }>(),
  'land.get': call(JobRef).returns<LandJobView>(),
  /** Starts a job in the core's background; it runs on after the UI closes and restarts with the app. */
  'land.start': call(JobRef).returns<LandJobView>(),
  /** Stops a job after it commits what it staged. */
  'land.stop': call(JobRef).returns<LandJobView>(),
  'land.delete': call(JobRef).returns<{ deleted: string }>(),
  /** Status of every job as it changes (lag, throughput, commits, errors), until cancelled. */
  'land.watch': stream(z.object({})).returns<{ watched: number }, LandStatus>(),
  /** Lag (records, seconds) and throughput over the last day, one sample per 10 s, oldest first; kept across restarts. */
  'land.history': call(JobRef.extend({ sinceMs: z.number().int().nonnegative().optional() })).returns<{ samples: LandSample[] }>(),
  /** The job as an Apache Iceberg Kafka Connect sink config with the guarantees side by side; `deploy` creates or updates it on a Connect cluster. */
  'land.export': call(LandExportRequest).returns<LandExport>(),
  /** Changes a job's maintenance schedule (a running job takes it at its next start). */
  'land.setMaintenance': call(JobRef.extend({ maintenance: LandMaintenance })).returns<LandJobView>(),
  /** Did offset X of partition P land, in which snapshot? */
  'land.where': call(JobRef.extend({ partition: z.number().int().nonnegative(), offset: z.number().int().nonnegative() })).returns<LandWhere>(),
};
