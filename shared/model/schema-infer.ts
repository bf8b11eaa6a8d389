import { z } from 'zod';

export const InferRequest = z.object({
  profileId: z.string().min(1),
  topic: z.string().min(1),
  /** The newest records over all partitions. */
  last: z.number().int().positive().max(10_000).default(500),
  part: z.enum(['key', 'value']).default('value'),
  schemaType: z.enum(['AVRO', 'JSON']).default('AVRO'),
  /** The Avro record's name (and namespace, when dotted). */
  name: z
    .string()
    .regex(/^([A-Za-z_][A-Za-z0-9_]*\.)*[A-Za-z_][A-Za-z0-9_]*$/, 'an Avro name: letters, digits and _, dotted for a namespace')
    .default('Record'),
});
export type InferRequest = z.input<typeof InferRequest>;

export interface InferResult {
  schemaType: 'AVRO' | 'JSON';
  /** The inferred schema as text, formatted. */
  schema: string;
  /** Records read, and how many of them were JSON the schema was inferred from. */
  read: number;
  used: number;
  /** What was guessed, renamed or left out (tombstones, records that are not JSON, wire-format records). */
  notes: string[];
}
