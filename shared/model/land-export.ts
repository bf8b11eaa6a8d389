import { z } from 'zod';

/** A landing job exported as an Apache Iceberg Kafka Connect sink connector, optionally deployed onto a Connect cluster. */
export const LandExportRequest = z.object({
  job: z.string().min(1),
  /** The connector's name; default `<job name>-iceberg-sink`. */
  connectorName: z.string().trim().min(1).max(200).optional(),
  /** `namespace.table` to land into instead of the job's own table (e.g. beside it, to compare). */
  table: z.string().regex(/^[^.\s]+(\.[^.\s]+)+$/, 'a table is namespace.name').optional(),
  tasks: z.number().int().min(1).max(64).default(1),
  /** Replication factor of the DLQ topic the worker creates (a one-broker cluster needs 1). */
  dlqReplicationFactor: z.number().int().min(1).max(10).default(3),
  /** Deploy onto this Connect cluster of the job's profile (by id or name); absent: export only. */
  deploy: z.object({ cluster: z.string().min(1).optional() }).optional(),
});
export type LandExportRequest = z.input<typeof LandExportRequest>;

/** One line of the side-by-side comparison: what Floe's own job does, and what the sink does. */
export interface GuaranteeRow {
  topic: string;
  floe: string;
  sink: string;
}

export interface LandExport {
  connector: string;
  config: Record<string, string>;
  guarantees: GuaranteeRow[];
  /** What differs from the job and why. */
  notes: string[];
  /** Set once deployed: the Connect cluster and whether the connector was created or updated. */
  deployed?: { cluster: string; created: boolean; notes: string[] };
}
