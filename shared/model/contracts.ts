import { z } from 'zod';
import { SchemaDraft, SchemaMetadata, RuleSet, SchemaReference, SchemaType, SubjectName, type RegistryInfo } from './schemas';

/**
 * A data contract kept in a repository: the schema with its metadata and ruleSet, in the shape
 * Confluent Schema Registry stores them (JSON or YAML). `schemaFile` points at the schema text
 * instead of holding it (relative to the contract file).
 */
export const ContractFile = z
  .object({
    subject: SubjectName.optional(),
    schemaType: SchemaType.default('AVRO'),
    schema: z.string().min(1).optional(),
    schemaFile: z.string().min(1).optional(),
    references: z.array(SchemaReference).default([]),
    metadata: SchemaMetadata.optional(),
    ruleSet: RuleSet.optional(),
  })
  .strict()
  .refine((c) => (c.schema === undefined) !== (c.schemaFile === undefined), { message: 'give the schema either inline ("schema") or as a file ("schemaFile"), not both or neither' });
export type ContractFile = z.infer<typeof ContractFile>;

/** What the rules run against: a registered version (its metadata/ruleSet as stored, or given here), or a draft. */
export const RuleSource = z.union([
  z.object({ subject: SubjectName, version: z.union([z.number().int().positive(), z.literal('latest')]), ruleSet: RuleSet.optional(), metadata: SchemaMetadata.optional() }),
  z.object({ draft: SchemaDraft }),
]);

export const RuleRecords = z.discriminatedUnion('kind', [
  /** The newest `last` records of a topic (over all partitions). */
  z.object({ kind: z.literal('topic'), topic: z.string().min(1), last: z.number().int().positive().max(10_000).default(100), part: z.enum(['key', 'value']).default('value') }),
  /** Pasted records, as JSON values. */
  z.object({ kind: z.literal('json'), values: z.array(z.unknown()).min(1).max(10_000) }),
]);

export const RuleTestRequest = z.object({
  profileId: z.string().min(1),
  source: RuleSource,
  /** The subject the rules run under; the source's, else `<topic>-<part>`. */
  subject: SubjectName.optional(),
  records: RuleRecords,
  /**
   * The version a consumer reads with, older than the tested one: DOWNGRADE migrations then run on records
   * written with the tested version (or a newer one), as Confluent's deserializers run them for such a consumer.
   */
  readerVersion: z.number().int().positive().optional(),
  /** Failures listed in full (the counts are always complete). */
  maxFailures: z.number().int().positive().max(5000).default(200),
});
export type RuleTestRequest = z.input<typeof RuleTestRequest>;

export type RuleOutcome = 'passed' | 'failed' | 'error';

export interface RuleSummary {
  name: string;
  kind: string;
  type: string;
  mode: string;
  expr?: string;
  /** What the rule does on failure in production (ERROR, DLQ, NONE…): the test records the failure instead. */
  onFailure?: string;
  tested: number;
  passed: number;
  failed: number;
  errors: number;
  /** Why the rule was not run, when it was not (disabled, an encoding rule, a migration rule without another version). */
  skipped?: string;
  /** Migration rules: records already of the tested version, which the migration does not touch. */
  notApplicable?: number;
  /** Migration rules: the first record as the migration made it. */
  example?: { partition?: number; offset?: number; index?: number; value: unknown };
  /** The rule itself is broken (its CEL does not compile): a contract with it fails. */
  invalid?: boolean;
  /** TRANSFORM rules (CEL, CEL_FIELD, JSONata migrations): how many records the rule changed (listed in `transforms`). */
  changed?: number;
}

/** One record as a TRANSFORM rule left it: the fields it changed, compared with the record read without the rule. */
export interface RuleTransform {
  rule: string;
  partition?: number;
  offset?: number;
  index?: number;
  changes: { path: string; before?: unknown; after?: unknown }[];
}

export interface RuleFailure {
  rule: string;
  outcome: 'failed' | 'error';
  /** Where the record is: partition/offset for topic records, index for pasted ones. */
  partition?: number;
  offset?: number;
  index?: number;
  message: string;
  /** The fields the rule read (CEL: `message.x.y`; CEL_FIELD: the field that failed), with the record's values. */
  fields: { path: string; value: unknown }[];
}

export interface RecordProblem {
  partition?: number;
  offset?: number;
  index?: number;
  reason: string;
}

export interface RuleTestReport {
  subject: string;
  schemaType: SchemaType;
  /** How many records were read, how many the tested schema decodes ("would this draft decode them?"). */
  records: { read: number; decoded: number; undecodable: RecordProblem[] };
  rules: RuleSummary[];
  failures: RuleFailure[];
  /** What TRANSFORM rules made of each record they changed (at most maxFailures listed, like failures). */
  transforms: RuleTransform[];
  /** More failures or transformed records than maxFailures: the lists are cut, the counts are not. */
  truncated: boolean;
  notes: string[];
  ms: number;
}

/** Whether the registry is known to drop `metadata` and `ruleSet` (read back after a registration; Apicurio 2.4 always does). */
export function dropsContracts(info: RegistryInfo): boolean {
  return info.storesContracts === false || (info.storesContracts === null && info.flavour === 'apicurio');
}
