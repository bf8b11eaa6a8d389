import { z } from 'zod';

/** Schema registry subjects, versions and drafts, in the shapes Confluent Schema Registry uses. */

export const SchemaType = z.enum(['AVRO', 'PROTOBUF', 'JSON']);
export type SchemaType = z.infer<typeof SchemaType>;

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export const CompatibilityLevel = z.enum(COMPATIBILITY_LEVELS);
export type CompatibilityLevel = z.infer<typeof CompatibilityLevel>;

export const RegistryMode = z.enum(['READWRITE', 'READONLY', 'IMPORT']);
export type RegistryMode = z.infer<typeof RegistryMode>;

/** Subject names: anything but empty or control characters (registries accept `/`, `:`, spaces). */
export const SubjectName = z
  .string()
  .min(1, 'a subject name is needed')
  .max(512)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20), 'a subject name cannot hold control characters');

export const SchemaReference = z.object({
  /** The import path (Protobuf), the type name (Avro) or the `$ref` URL (JSON Schema). */
  name: z.string().min(1),
  subject: SubjectName,
  version: z.number().int().positive(),
});
export type SchemaReference = z.infer<typeof SchemaReference>;

export const RULE_MODES = ['WRITE', 'READ', 'WRITEREAD', 'UPGRADE', 'DOWNGRADE', 'UPDOWN'] as const;

/** A data-contract rule as Confluent Schema Registry stores it. */
export const Rule = z.object({
  name: z.string().min(1),
  doc: z.string().optional(),
  kind: z.enum(['CONDITION', 'TRANSFORM']).default('CONDITION'),
  mode: z.enum(RULE_MODES).default('WRITE'),
  /** CEL, CEL_FIELD, JSONATA, ENCRYPT, … */
  type: z.string().min(1),
  tags: z.array(z.string()).optional(),
  params: z.record(z.string(), z.string()).optional(),
  expr: z.string().optional(),
  /** NONE, ERROR, DLQ, or a comma pair for READ/WRITE in a WRITEREAD or UPDOWN rule. */
  onSuccess: z.string().optional(),
  onFailure: z.string().optional(),
  disabled: z.boolean().optional(),
});
export type Rule = z.infer<typeof Rule>;

export const RuleSet = z.object({
  migrationRules: z.array(Rule).optional(),
  domainRules: z.array(Rule).optional(),
  encodingRules: z.array(Rule).optional(),
});
export type RuleSet = z.infer<typeof RuleSet>;

export const SchemaMetadata = z.object({
  tags: z.record(z.string(), z.array(z.string())).optional(),
  properties: z.record(z.string(), z.string()).optional(),
  sensitive: z.array(z.string()).optional(),
});
export type SchemaMetadata = z.infer<typeof SchemaMetadata>;

/** Schema text as typed in the editor or read from a file: never sent to a registry before it parses. */
export const SchemaDraft = z.object({
  schemaType: SchemaType.default('AVRO'),
  schema: z.string().min(1, 'the schema is empty').max(4 << 20, 'a schema is limited to 4 MiB'),
  references: z.array(SchemaReference).default([]),
  metadata: SchemaMetadata.optional(),
  ruleSet: RuleSet.optional(),
});
export type SchemaDraft = z.input<typeof SchemaDraft>;

/** Which registry answers, and what it can do (learnt from the registry itself where it can tell). */
export interface RegistryInfo {
  url: string;
  /** `apicurio` is detected by its native API; everything else is treated as Confluent's API. */
  flavour: 'apicurio' | 'confluent';
  product: string;
  /** Whether /mode is served; null until asked. */
  modeSupported: boolean | null;
  /** Whether `metadata` and `ruleSet` survive registration: learnt by reading back; null until something with them was registered. */
  storesContracts: boolean | null;
  notes: string[];
}

export interface SubjectSummary {
  subject: string;
  schemaType: SchemaType;
  /** null when every version is soft-deleted. */
  latestVersion: number | null;
  latestId: number | null;
  versions: number;
  level: CompatibilityLevel;
  levelSource: 'subject' | 'global';
  /** Only listed with deleted=true: every version is soft-deleted. */
  deleted: boolean;
  problem?: string;
}

export interface SubjectList {
  subjects: SubjectSummary[];
  globalLevel: CompatibilityLevel;
  registry: RegistryInfo;
}

export interface VersionEntry {
  version: number;
  id: number;
  deleted: boolean;
  /** ISO-8601, where the registry keeps it (Apicurio does; Confluent's API has no dates). */
  createdAt?: string;
}

export interface SchemaVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
  metadata?: SchemaMetadata;
  ruleSet?: RuleSet;
  deleted?: boolean;
}

export interface SubjectUse {
  subject: string;
  version: number;
  id: number;
}

export interface SubjectDetail {
  subject: string;
  schemaType: SchemaType;
  versions: VersionEntry[];
  level: CompatibilityLevel;
  levelSource: 'subject' | 'global';
  /** null where the registry has no /mode (say why in modeNote). */
  mode: RegistryMode | null;
  modeNote?: string;
  /** The newest live version (the newest deleted one when all are deleted). */
  latest: SchemaVersion;
  /** Topics whose TopicNameStrategy subject this is (`<topic>-key` / `<topic>-value`) and that exist. */
  topics: { topic: string; part: 'key' | 'value' }[];
  registry: RegistryInfo;
}

export interface VersionDetail extends SchemaVersion {
  /** Schemas that reference this version. */
  referencedBy: SubjectUse[];
}

export interface Marker {
  /** 1-based, as Monaco counts. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  markers: Marker[];
  /** Avro/Protobuf/JSON Schema names the schema defines (record names, message names, $id), for pickers. */
  names: string[];
}

export interface Finding {
  /** The registered version the draft was compared with. */
  version: number;
  /** backward: the draft reads data written with the version; forward: the version reads the draft's data. */
  direction: 'backward' | 'forward';
  /** Where in the schema: `Order.amount`, `/properties/id`, `floe.Order.id (3)`. */
  path: string;
  kind: string;
  message: string;
}

export interface CompatibilityReport {
  subject: string;
  level: CompatibilityLevel;
  /** Where `level` came from: the subject, the global default, or the caller's what-if. */
  levelSource: 'subject' | 'global' | 'what-if';
  /** No versions yet: anything registers. */
  newSubject: boolean;
  compatible: boolean;
  /** The registry's answer under the subject's own level (verbose); null for a what-if level. */
  registry: { compatible: boolean; messages: string[] } | null;
  /** Floe's own explanation, for every version the level compares against (a table of cases backs each kind). */
  findings: Finding[];
  /** Versions the level compares against (the latest, or all of them for transitive levels). */
  compared: number[];
}

export interface RegisterResult {
  subject: string;
  id: number;
  version: number;
  /** false: the registry already held this schema under the subject (nothing new was registered). */
  created: boolean;
  /** What the registry kept of the metadata and ruleSet it was sent (read back); null when none was sent. */
  contractStored: boolean | null;
  notes: string[];
}

const ProfileId = z.string().min(1);
const VersionRef = z.union([z.number().int().positive(), z.literal('latest')]);

export const ListSubjectsRequest = z.object({ profileId: ProfileId, deleted: z.boolean().default(false) });
export const SubjectRequest = z.object({ profileId: ProfileId, subject: SubjectName, deleted: z.boolean().default(false) });
export const VersionRequest = z.object({ profileId: ProfileId, subject: SubjectName, version: VersionRef.default('latest') });
export const ValidateRequest = z.object({ profileId: ProfileId.optional(), draft: SchemaDraft });
export const CheckRequest = z.object({
  profileId: ProfileId,
  subject: SubjectName,
  draft: SchemaDraft,
  /** A what-if level; the subject's own (or the global) level when absent. */
  level: CompatibilityLevel.optional(),
});
export const RegisterRequest = z.object({ profileId: ProfileId, subject: SubjectName, draft: SchemaDraft, normalize: z.boolean().default(false) });
export const SetLevelRequest = z.object({
  profileId: ProfileId,
  /** The global level when absent. */
  subject: SubjectName.optional(),
  /** null drops the subject's own level (the global one applies again). */
  level: CompatibilityLevel.nullable(),
});
export const SetModeRequest = z.object({ profileId: ProfileId, subject: SubjectName.optional(), mode: RegistryMode });
export const DeleteRequest = z.object({
  profileId: ProfileId,
  subject: SubjectName,
  /** The whole subject when absent. */
  version: z.number().int().positive().optional(),
  permanent: z.boolean().default(false),
  /** The subject name typed again: deleting is never one click away. */
  confirm: z.string(),
});
export const SampleTopicRequest = z.object({ profileId: ProfileId, topic: z.string().min(1), last: z.number().int().positive().max(10_000).default(500) });

export interface TopicSchemaUse {
  part: 'key' | 'value';
  schemaId: number;
  records: number;
  /** Where the registry has this id (subject and version), e.g. a RecordNameStrategy subject. */
  uses: SubjectUse[];
}

export interface TopicSample {
  topic: string;
  scanned: number;
  /** Records without a wire-format header (plain JSON, strings, …). */
  unframed: number;
  schemas: TopicSchemaUse[];
}

export const DIFF_CHANGES = [
  'added',
  'removed',
  'renamed',
  'type-changed',
  'default-changed',
  'doc-changed',
  'symbols-changed',
  'required-changed',
  'constraint-changed',
  'label-changed',
  'oneof-changed',
  'name-changed',
  'package-changed',
] as const;
export type DiffChange = (typeof DIFF_CHANGES)[number];

/** One field-level difference between two schemas, and what it does to compatibility. */
export interface DiffEntry {
  path: string;
  change: DiffChange;
  before?: string;
  after?: string;
  /** The newer schema still reads data written with the older one, as far as this change goes. */
  backward: boolean;
  /** The older schema still reads data written with the newer one. */
  forward: boolean;
  /** Why not, in plain words, when either is false. */
  reasons?: string[];
}

export interface SchemaDiff {
  schemaType: SchemaType;
  entries: DiffEntry[];
  backward: boolean;
  forward: boolean;
  /** Every reason either way, including those no single entry explains. */
  backwardProblems: string[];
  forwardProblems: string[];
}

/** One side of a diff: a registered version, or a draft. */
export const DiffSide = z.union([z.object({ subject: SubjectName, version: VersionRef }), z.object({ draft: SchemaDraft })]);
export const DiffRequest = z.object({ profileId: ProfileId.optional(), before: DiffSide, after: DiffSide });
