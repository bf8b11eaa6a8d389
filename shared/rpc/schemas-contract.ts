import { z } from 'zod';
import {
  CheckRequest,
  DeleteRequest,
  DiffRequest,
  ListSubjectsRequest,
  RegisterRequest,
  SampleTopicRequest,
  SetLevelRequest,
  SetModeRequest,
  SubjectRequest,
  ValidateRequest,
  VersionRequest,
  type CompatibilityLevel,
  type CompatibilityReport,
  type RegisterResult,
  type RegistryMode,
  type SchemaDiff,
  type SchemaDraft,
  type SubjectDetail,
  type SubjectList,
  type TopicSample,
  type ValidationResult,
  type VersionDetail,
} from '../model/schemas';
import { RuleTestRequest, type RuleTestReport } from '../model/contracts';
import { IcebergPreviewRequest, type IcebergPreview } from '../model/iceberg-preview';
import { InferRequest, type InferResult } from '../model/schema-infer';
import { call } from './procedure';

/** The Schemas room: subjects and versions, validation, compatibility, registration, levels, modes, deletion. */
export const schemasContract = {
  'schemas.list': call(ListSubjectsRequest).returns<SubjectList>(),
  'schemas.subject': call(SubjectRequest).returns<SubjectDetail>(),
  'schemas.version': call(VersionRequest).returns<VersionDetail>(),
  /** Editor markers: the draft parsed by its type's library, references resolved through the profile's registry. */
  'schemas.validate': call(ValidateRequest).returns<ValidationResult>(),
  /** The registry's verdict (verbose) on a draft under the subject's level; nothing is registered. */
  'schemas.check': call(CheckRequest).returns<CompatibilityReport>(),
  /** Field-level diff of two versions (or a version and a draft), each change with its backward/forward compatibility. */
  'schemas.diff': call(DiffRequest).returns<SchemaDiff>(),
  /** Registers a draft that validates (a separate, confirmed action in the UI). */
  'schemas.register': call(RegisterRequest).returns<RegisterResult>(),
  'schemas.setLevel': call(SetLevelRequest).returns<{ level: CompatibilityLevel | null }>(),
  'schemas.setMode': call(SetModeRequest).returns<{ mode: RegistryMode }>(),
  /** Soft or permanent delete of a subject or one version; `confirm` must repeat the subject name. */
  'schemas.delete': call(DeleteRequest).returns<{ deleted: number[]; permanent: boolean }>(),
  /** The schema ids on a topic's newest records and the subjects that hold them. */
  'schemas.sampleTopic': call(SampleTopicRequest).returns<TopicSample>(),
  /** A draft Avro or JSON Schema inferred from the JSON records among a topic's newest ones. */
  'schemas.infer': call(InferRequest).returns<InferResult>(),
  /** The Iceberg columns a version or a draft would land as (the landing's type mapping), or why it cannot land. */
  'schemas.icebergPreview': call(IcebergPreviewRequest).returns<IcebergPreview>(),
  /** A version's or a draft's data-contract rules run with Confluent's own client over a topic's newest records or pasted JSON. */
  'schemas.testRules': call(RuleTestRequest).returns<RuleTestReport>(),
  /** A contract file (JSON or YAML) as a draft with its metadata and ruleSet; every problem named. */
  'schemas.parseContract': call(z.object({ text: z.string().max(4 << 20), name: z.string().min(1).default('contract.yaml') })).returns<{ subject?: string; draft: SchemaDraft }>(),
  /** Every live subject name (one request), for the subject pickers of the decoding bar and the produce dialog. */
  'schemas.subjectNames': call(z.object({ profileId: z.string().min(1) })).returns<{ subjects: string[] }>(),
};
