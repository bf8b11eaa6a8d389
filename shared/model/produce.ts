import { z } from 'zod';
import { Offset, TopicRef } from './messages';

/** A part to produce: text read as `encoding`. `schema`: JSON text encoded with a subject's schema (validated first). */
export const ProducePart = z.discriminatedUnion('encoding', [
  z.object({ encoding: z.literal('null') }),
  z.object({ encoding: z.enum(['string', 'json', 'hex', 'base64']), text: z.string() }),
  z.object({
    encoding: z.literal('schema'),
    subject: z.string().min(1),
    version: z.number().int().positive().optional(),
    messageType: z.string().optional(),
    text: z.string(),
  }),
]);
export type ProducePart = z.infer<typeof ProducePart>;

/** A header to send: text (sent as its UTF-8 bytes), exact bytes as hex, or a null value. */
export const ProduceHeader = z.union([
  z.object({ key: z.string(), value: z.string().nullable() }),
  z.object({ key: z.string(), hex: z.string().regex(/^(?:[0-9a-fA-F]{2})*$/, 'hex must be pairs of hex digits') }),
]);
export type ProduceHeader = z.infer<typeof ProduceHeader>;

export const ProduceRequest = z.object({
  ...TopicRef,
  key: ProducePart.default({ encoding: 'null' }),
  value: ProducePart.default({ encoding: 'null' }),
  /** In order, keys may repeat; each value as UTF-8 text, as hex bytes (any bytes), or null. */
  headers: z.array(ProduceHeader).default([]),
  /** A fixed partition, else the default partitioner (murmur2 of the key, like the Java client). */
  partition: z.number().int().nonnegative().optional(),
  timestamp: z.number().int().nonnegative().optional(),
  copies: z.number().int().positive().max(100_000).default(1),
});
export type ProduceRequest = z.input<typeof ProduceRequest>;

export interface ProduceResult {
  written: { partition: number; offset: number }[];
  /** Partitions and offset spans when copies > 1 (written is then capped to the first 100). */
  count: number;
  ms: number;
}

export const ReproduceRequest = z.object({
  profileId: z.string().min(1),
  from: z.object({ topic: z.string().min(1), partition: z.number().int().nonnegative(), offset: Offset }),
  to: z.object({ topic: z.string().min(1), partition: z.number().int().nonnegative().optional() }),
  copies: z.number().int().positive().max(100_000).default(1),
});
export type ReproduceRequest = z.input<typeof ReproduceRequest>;
