import { z } from 'zod';
import { DlqRecordsRequest } from './dlq';
import type { RecordEdit } from './replay';

/** `a.b.c`: a field of the value, nested objects by name. */
const FieldPath = z.string().trim().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a field path such as amount or customer.email');

/**
 * One fix for many dead letters: where `when` (CEL) holds, each `set` field takes its CEL expression's value and
 * each `remove` field goes; the expressions see key, value, headers, partition, offset, timestamp, size as filters
 * do, and all see the record as it came. Records `when` leaves out are replayed unchanged (narrow the selection,
 * e.g. with a filter, to leave them out of the replay).
 */
export const GroupTransform = z
  .object({
    when: z.string().trim().min(1).optional(),
    set: z.array(z.object({ path: FieldPath, expr: z.string().trim().min(1, 'an expression for the field') })).default([]),
    remove: z.array(FieldPath).default([]),
    /** How the changed value is sent: JSON text, or encoded (and so validated) with a registry subject's schema. */
    encoding: z.discriminatedUnion('kind', [z.object({ kind: z.literal('json') }), z.object({ kind: z.literal('schema'), subject: z.string().min(1), version: z.number().int().positive().optional() })]).default({ kind: 'json' }),
  })
  .refine((t) => t.set.length + t.remove.length > 0, 'a transform sets or removes at least one field');
export type GroupTransform = z.input<typeof GroupTransform>;
export type ParsedGroupTransform = z.output<typeof GroupTransform>;

/** At most this many edits: a replay job holds at most 10,000 (they are sealed in its file). */
export const MAX_TRANSFORMED = 10_000;

export const TransformRequest = DlqRecordsRequest.omit({ after: true, limit: true }).extend({ transform: GroupTransform });
export type TransformRequest = z.input<typeof TransformRequest>;

/** A record the transform cannot fix: its expression failed, its value is no object, or the result does not fit the schema. */
export interface TransformProblem {
  partition: number;
  offset: number;
  message: string;
  /** The field the problem is at, when known (`/amount`). */
  path?: string;
}

export interface TransformResult {
  /** One per changed record, validated and encodable: pass them as the replay's `edits`. */
  edits: RecordEdit[];
  /** The first records the transform changes or cannot fix, before → after (JSON text), with the problem if any. */
  previews: { partition: number; offset: number; before: string; after: string | null; problem?: string }[];
  /** Records the selection holds that `when` left as they are (replayed unchanged). */
  unchanged: number;
  /** How many records the transform cannot fix, and the first of them with why. */
  failed: number;
  problems: TransformProblem[];
  scanned: number;
}
