import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type {
  CheckRequest,
  CompatibilityReport,
  DeleteRequest,
  DiffRequest,
  DiffSide,
  RegisterRequest,
  RegisterResult,
  SchemaDiff,
  SubjectDetail,
  SubjectList,
  SubjectSummary,
  ValidationResult,
  VersionDetail,
  VersionEntry,
} from '../../../shared/model/schemas';
import type { KafkaClients } from '../kafka/kafka-clients';
import type { RegistryApi } from '../registry/registry-api';
import type { RegistryClients } from '../registry/registry-clients';
import { resolveReferences } from '../registry/references';
import { mapLimit } from '../util/map-limit';
import { comparedVersions, explainCompatibility } from './compat/explain';
import { diffSchemas } from './diff/schema-diff';
import { parseSchema, type ParsedSchema } from './model/parsed-schema';
import { assertValid, validateDraft, type ParsedDraft } from './validate/validate-draft';

type In<T extends z.ZodType> = z.output<T>;

const SUMMARY_CONCURRENCY = 8;
const PARSED_CACHE = 256;

/** The Schemas room: subjects, versions, levels, modes, checks, registration and deletion over one registry adapter. */
export class SchemasService {
  private readonly parsed = new Map<string, ParsedSchema>();

  constructor(
    private readonly registries: RegistryClients,
    private readonly kafka: KafkaClients,
  ) {}

  private api(profileId: string): RegistryApi {
    return this.registries.require(profileId).api;
  }

  async list(profileId: string, deleted: boolean, signal?: AbortSignal): Promise<SubjectList> {
    const api = this.api(profileId);
    const dialect = await api.dialect(signal);
    const [names, live, globalLevel, types] = await Promise.all([
      api.subjects(deleted, signal),
      deleted ? api.subjects(false, signal) : null,
      api.globalLevel(signal),
      dialect.subjectTypes(signal).catch(() => null),
    ]);
    const liveSet = new Set(live ?? names);
    const subjects = await mapLimit(names, SUMMARY_CONCURRENCY, (subject) => this.summary(api, subject, deleted && !liveSet.has(subject), globalLevel, types?.get(subject), signal));
    return { subjects: subjects.sort((a, b) => a.subject.localeCompare(b.subject)), globalLevel, registry: dialect.info };
  }

  /** One subject's line of the list; a subject that fails to answer is listed with the reason. */
  private async summary(api: RegistryApi, subject: string, deleted: boolean, globalLevel: SubjectSummary['level'], knownType: SubjectSummary['schemaType'] | undefined, signal?: AbortSignal): Promise<SubjectSummary> {
    try {
      const dialect = await api.dialect(signal);
      const [versions, own] = await Promise.all([dialect.versions(subject, deleted, signal), dialect.hasOwnLevel(subject, signal)]);
      const newest = latestOf(versions);
      const schemaType = knownType ?? (newest ? (await api.version(subject, newest.version, signal)).schemaType : 'AVRO');
      return {
        subject,
        schemaType,
        latestVersion: newest && !newest.deleted ? newest.version : null,
        latestId: newest && !newest.deleted ? newest.id : null,
        versions: versions.length,
        level: own.own && own.level ? own.level : globalLevel,
        levelSource: own.own ? 'subject' : 'global',
        deleted,
      };
    } catch (e) {
      if (e instanceof FloeError && e.code === 'CANCELLED') throw e;
      return { subject, schemaType: knownType ?? 'AVRO', latestVersion: null, latestId: null, versions: 0, level: globalLevel, levelSource: 'global', deleted, problem: (e as Error).message };
    }
  }

  async subject(profileId: string, subject: string, deleted: boolean, signal?: AbortSignal): Promise<SubjectDetail> {
    const api = this.api(profileId);
    const dialect = await api.dialect(signal);
    const versions = await dialect.versions(subject, true, signal);
    if (versions.length === 0) throw new FloeError('NOT_FOUND', `The registry has no subject "${subject}"`);
    const newest = latestOf(versions)!;
    const [latest, level, mode, topics] = await Promise.all([
      api.version(subject, newest.version, signal),
      api.level(subject, signal),
      api.mode(subject, signal),
      this.topicsOf(profileId, subject),
    ]);
    return {
      subject,
      schemaType: latest.schemaType,
      versions: deleted ? versions : versions.filter((v) => !v.deleted),
      level: level.level,
      levelSource: level.source,
      mode: mode.mode,
      ...(mode.note ? { modeNote: mode.note } : {}),
      latest: { ...latest, ...(newest.deleted ? { deleted: true } : {}) },
      topics,
      registry: dialect.info,
    };
  }

  async version(profileId: string, subject: string, version: number | 'latest', signal?: AbortSignal): Promise<VersionDetail> {
    const api = this.api(profileId);
    const found = await api.version(subject, version, signal);
    const referencedBy = await api.referencedBy(subject, found.version, signal).catch((e) => {
      if (e instanceof FloeError && e.code === 'NOT_FOUND') return [];
      throw e;
    });
    return { ...found, referencedBy };
  }

  async validate(profileId: string | undefined, draft: ParsedDraft, signal?: AbortSignal): Promise<ValidationResult> {
    const endpoint = profileId ? (this.registries.get(profileId)?.endpoint ?? null) : null;
    return (await validateDraft(draft, endpoint, signal)).result;
  }

  /**
   * A valid draft against the versions the level compares: the registry's verdict (verbose) under the
   * subject's own level, and Floe's explanation; `input.level` asks "what if" under another level
   * (the registry cannot answer that without changing the subject, so only Floe's explanation counts).
   */
  async check(input: In<typeof CheckRequest>, signal?: AbortSignal): Promise<CompatibilityReport> {
    const api = this.api(input.profileId);
    const { result, references } = await validateDraft(input.draft, api.endpoint, signal);
    assertValid(result, 'The draft');
    const [actual, versions] = await Promise.all([api.level(input.subject, signal), this.liveVersions(api, input.subject, signal)]);
    const whatIf = input.level !== undefined && input.level !== actual.level;
    const level = whatIf ? input.level! : actual.level;
    const compared = comparedVersions(level, versions.map((v) => v.version));
    const registry = versions.length === 0 || whatIf ? null : await api.compatibility(input.subject, input.draft, level.endsWith('_TRANSITIVE') ? 'all' : 'latest', signal);
    const draft = parseSchema(input.draft.schemaType, input.draft.schema, references);
    const parsed = await mapLimit(compared, SUMMARY_CONCURRENCY, async (version) => ({ version, schema: await this.parsedVersion(input.profileId, input.subject, version, signal) }));
    const findings = explainCompatibility(level, draft, parsed);
    return {
      subject: input.subject,
      level,
      levelSource: whatIf ? 'what-if' : actual.source,
      newSubject: versions.length === 0,
      compatible: registry ? registry.compatible : findings.length === 0,
      registry,
      findings,
      compared,
    };
  }

  /** A registered version parsed for comparison (versions never change: kept). */
  async parsedVersion(profileId: string, subject: string, version: number | 'latest', signal?: AbortSignal): Promise<ParsedSchema> {
    const key = `${profileId}\u0000${subject}\u0000${version}`;
    const hit = version === 'latest' ? undefined : this.parsed.get(key);
    if (hit) return hit;
    const registry = this.registries.require(profileId);
    const found = await registry.api.version(subject, version, signal);
    const schema = parseSchema(found.schemaType, found.schema, await resolveReferences(registry.endpoint, found.references, signal));
    if (version !== 'latest') {
      if (this.parsed.size >= PARSED_CACHE) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(key, schema);
    }
    return schema;
  }

  /** The semantic diff of two versions, or of a version and a draft (or two drafts). */
  async diff(input: In<typeof DiffRequest>, signal?: AbortSignal): Promise<SchemaDiff> {
    const side = async (s: In<typeof DiffSide>, label: string): Promise<{ schema: ParsedSchema; name: string }> => {
      if ('draft' in s) {
        const endpoint = input.profileId ? (this.registries.get(input.profileId)?.endpoint ?? null) : null;
        const { result, references } = await validateDraft(s.draft, endpoint, signal);
        assertValid(result, `The ${label} draft`);
        return { schema: parseSchema(s.draft.schemaType, s.draft.schema, references), name: 'the draft' };
      }
      if (!input.profileId) throw new FloeError('BAD_INPUT', 'comparing registered versions needs a profile with a schema registry');
      const found = s.version === 'latest' ? (await this.api(input.profileId).version(s.subject, 'latest', signal)).version : s.version;
      return { schema: await this.parsedVersion(input.profileId, s.subject, found, signal), name: `version ${found}` };
    };
    const [before, after] = await Promise.all([side(input.before, 'older'), side(input.after, 'newer')]);
    return diffSchemas(before.schema, after.schema, { before: before.name === after.name ? 'the older schema' : before.name, after: before.name === after.name ? 'the newer schema' : after.name });
  }

  /** Registers a draft that validates; refused drafts never reach the registry. */
  async register(input: In<typeof RegisterRequest>): Promise<RegisterResult> {
    const api = this.api(input.profileId);
    const { result } = await validateDraft(input.draft, api.endpoint);
    assertValid(result, 'The schema');
    return api.register(input.subject, input.draft, input.normalize);
  }

  async remove(input: In<typeof DeleteRequest>): Promise<{ deleted: number[]; permanent: boolean }> {
    if (input.confirm !== input.subject) throw new FloeError('BAD_INPUT', `Type the subject name "${input.subject}" to confirm the delete`);
    const api = this.api(input.profileId);
    const deleted =
      input.version === undefined ? await api.deleteSubject(input.subject, input.permanent) : [await api.deleteVersion(input.subject, input.version, input.permanent)];
    return { deleted: deleted.filter((v) => typeof v === 'number'), permanent: input.permanent };
  }

  private async liveVersions(api: RegistryApi, subject: string, signal?: AbortSignal): Promise<VersionEntry[]> {
    try {
      return await (await api.dialect(signal)).versions(subject, false, signal);
    } catch (e) {
      if (e instanceof FloeError && e.code === 'NOT_FOUND') return [];
      throw e;
    }
  }

  /** Topics that carry the subject under TopicNameStrategy (`<topic>-key`, `<topic>-value`) and exist. */
  private async topicsOf(profileId: string, subject: string): Promise<SubjectDetail['topics']> {
    const m = /^(.+)-(key|value)$/.exec(subject);
    if (!m) return [];
    const names = await this.kafka
      .admin(profileId)
      .then((admin) => admin.listTopics())
      .catch(() => [] as string[]);
    return names.includes(m[1]!) ? [{ topic: m[1]!, part: m[2] as 'key' | 'value' }] : [];
  }
}

function latestOf(versions: VersionEntry[]): VersionEntry | undefined {
  const live = versions.filter((v) => !v.deleted);
  return (live.length ? live : versions).reduce<VersionEntry | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
}
