import { z } from 'zod';
import { DiffSide } from './schemas';

export const IcebergPreviewRequest = z.object({
  profileId: z.string().min(1).optional(),
  source: DiffSide,
  /** Protobuf: the message that lands (full name, `shop.Order` or nested `shop.Order.Line`); the file's first by default. */
  message: z.string().min(1).optional(),
});

/** The Iceberg columns a schema would land as (docs/type-mapping.md), or why it cannot land. */
export interface IcebergPreview {
  columns: { name: string; type: string; required: boolean; doc?: string }[];
  /** Choices a reader should know about (unions, enums as strings, …). */
  notes: string[];
  /** Why the schema cannot land as Iceberg columns (recursive types, a type Iceberg has no column for…). */
  problem?: string;
  /** Protobuf: the file's messages (top-level and nested, full names) that could land, and the one shown. */
  messages?: string[];
  message?: string;
}
