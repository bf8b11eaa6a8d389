import { FloeError } from '../../../shared/errors';
import type {
  CompatibilityLevel,
  RegistryMode,
  RegisterResult,
  SchemaDraft,
  SchemaMetadata,
  SchemaReference,
  SchemaType,
  SchemaVersion,
  RuleSet,
  SubjectUse,
} from '../../../shared/model/schemas';
import { mapLimit } from '../util/map-limit';
import { detectDialect, type CompatibilityAnswer, type RegistryDialect } from './registry-dialect';
import { isRegistryStatus, registryErrorCode, registryRequest, seg, type RegistryEndpoint } from './registry-http';

interface RawSchema {
  id?: number;
  subject?: string;
  version?: number;
  schemaType?: SchemaType;
  schema?: string;
  references?: SchemaReference[];
  metadata?: SchemaMetadata | null;
  ruleSet?: RuleSet | null;
}

type Draft = Required<Pick<SchemaDraft, 'schema' | 'schemaType' | 'references'>> & Pick<SchemaDraft, 'metadata' | 'ruleSet'>;

const USE_FETCH_CONCURRENCY = 8;

/** The registry's subjects, versions, levels, modes, compatibility, registration and deletion, whatever the registry. */
export class RegistryApi {
  private dialectPromise: Promise<RegistryDialect> | null = null;

  constructor(readonly endpoint: RegistryEndpoint) {}

  dialect(signal?: AbortSignal): Promise<RegistryDialect> {
    if (!this.dialectPromise) {
      this.dialectPromise = detectDialect(this.endpoint, signal);
      this.dialectPromise.catch(() => (this.dialectPromise = null));
    }
    return this.dialectPromise;
  }

  subjects(includeDeleted: boolean, signal?: AbortSignal): Promise<string[]> {
    return registryRequest<string[]>(this.endpoint, `/subjects${includeDeleted ? '?deleted=true' : ''}`, { signal });
  }

  async globalLevel(signal?: AbortSignal): Promise<CompatibilityLevel> {
    const config = await registryRequest<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>(this.endpoint, '/config', { signal });
    return config.compatibilityLevel ?? config.compatibility ?? 'BACKWARD';
  }

  /** The level that applies to the subject, and whether it is the subject's own or the global default. */
  async level(subject: string, signal?: AbortSignal): Promise<{ level: CompatibilityLevel; source: 'subject' | 'global' }> {
    const own = await (await this.dialect(signal)).hasOwnLevel(subject, signal);
    if (own.own && own.level) return { level: own.level, source: 'subject' };
    return { level: await this.globalLevel(signal), source: 'global' };
  }

  /** Sets the subject's level, or the global one when subject is null. */
  async setLevel(subject: string | null, level: CompatibilityLevel): Promise<CompatibilityLevel> {
    const path = subject === null ? '/config' : `/config/${seg(subject)}`;
    const answer = await registryRequest<{ compatibility?: CompatibilityLevel; compatibilityLevel?: CompatibilityLevel }>(this.endpoint, path, {
      method: 'PUT',
      body: { compatibility: level },
    });
    return answer.compatibility ?? answer.compatibilityLevel ?? level;
  }

  /** Drops the subject's own level so the global one applies again. */
  async clearLevel(subject: string): Promise<void> {
    await registryRequest<unknown>(this.endpoint, `/config/${seg(subject)}`, { method: 'DELETE' }).catch((e) => {
      if (!isRegistryStatus(e, 404)) throw e; // no own level: nothing to drop
    });
  }

  /** READWRITE/READONLY/IMPORT, or null with the reason where the registry has no /mode. */
  async mode(subject: string | null, signal?: AbortSignal): Promise<{ mode: RegistryMode | null; note?: string }> {
    const dialect = await this.dialect(signal);
    if (dialect.info.modeSupported === false) return { mode: null, note: `${dialect.info.product} has no /mode endpoint` };
    const path = subject === null ? '/mode' : `/mode/${seg(subject)}?defaultToGlobal=true`;
    try {
      const answer = await registryRequest<{ mode?: RegistryMode }>(this.endpoint, path, { signal });
      dialect.info.modeSupported = true;
      return { mode: answer.mode ?? null };
    } catch (e) {
      if (!isRegistryStatus(e, 404)) throw e;
      if (subject !== null) return this.mode(null, signal);
      dialect.info.modeSupported = false;
      return { mode: null, note: `the registry at ${this.endpoint.url} answers 404 for /mode` };
    }
  }

  async setMode(subject: string | null, mode: RegistryMode): Promise<RegistryMode> {
    const dialect = await this.dialect();
    if (dialect.info.modeSupported === false) throw new FloeError('UNSUPPORTED', `${dialect.info.product} has no /mode endpoint: the mode cannot be set`);
    const path = subject === null ? '/mode' : `/mode/${seg(subject)}`;
    const answer = await registryRequest<{ mode?: RegistryMode }>(this.endpoint, path, { method: 'PUT', body: { mode } });
    return answer.mode ?? mode;
  }

  /** A version ('latest' is the newest live one); soft-deleted versions are read too. */
  async version(subject: string, version: number | 'latest', signal?: AbortSignal): Promise<SchemaVersion> {
    let raw: RawSchema;
    try {
      raw = await registryRequest<RawSchema>(this.endpoint, `/subjects/${seg(subject)}/versions/${version}${version === 'latest' ? '' : '?deleted=true'}`, { signal });
    } catch (e) {
      if (isRegistryStatus(e, 404))
        throw new FloeError('NOT_FOUND', `The registry has no subject "${subject}"${version === 'latest' ? ' (or every version is deleted)' : ` version ${version}`}`, (e as FloeError).detail);
      throw e;
    }
    return toVersion(subject, raw, version);
  }

  /** The schemas that reference this version (subject, version, id of each). */
  async referencedBy(subject: string, version: number, signal?: AbortSignal): Promise<SubjectUse[]> {
    const ids = await registryRequest<number[]>(this.endpoint, `/subjects/${seg(subject)}/versions/${version}/referencedby`, { signal });
    const uses = await mapLimit(ids, USE_FETCH_CONCURRENCY, (id) => this.usesOf(id, signal));
    return uses.flat();
  }

  /** Where a schema id is registered: /schemas/ids/{id}/versions (served by Confluent and Apicurio alike). */
  async usesOf(id: number, signal?: AbortSignal): Promise<SubjectUse[]> {
    const found = await registryRequest<{ subject: string; version: number }[]>(this.endpoint, `/schemas/ids/${id}/versions`, { signal });
    return found.map((f) => ({ subject: f.subject, version: f.version, id }));
  }

  /**
   * The registry's verdict on a draft against one version, the latest, or every version ('all', what
   * transitive levels compare against), under the subject's own level. null when the subject has no versions.
   */
  async compatibility(subject: string, draft: Draft, against: number | 'latest' | 'all', signal?: AbortSignal): Promise<{ compatible: boolean; messages: string[] } | null> {
    const path = `/compatibility/subjects/${seg(subject)}/versions${against === 'all' ? '' : `/${against}`}?verbose=true`;
    let answer: CompatibilityAnswer;
    try {
      answer = await registryRequest<CompatibilityAnswer>(this.endpoint, path, { method: 'POST', body: body(draft), signal });
    } catch (e) {
      // 40401 subject / 40402 version not found: a new subject, nothing to be compatible with.
      if (isRegistryStatus(e, 404) && [40401, 40402, undefined].includes(registryErrorCode(e))) return null;
      throw e;
    }
    return { compatible: answer.is_compatible === true, messages: (await this.dialect(signal)).compatibilityMessages(answer) };
  }

  /** The version under which the subject already holds this exact schema, or null. */
  async lookup(subject: string, draft: Draft, signal?: AbortSignal): Promise<SchemaVersion | null> {
    try {
      return toVersion(subject, await registryRequest<RawSchema>(this.endpoint, `/subjects/${seg(subject)}`, { method: 'POST', body: body(draft), signal }), 'latest');
    } catch (e) {
      if (isRegistryStatus(e, 404)) return null;
      throw e;
    }
  }

  /**
   * Registers the draft. The registry's refusal (409 incompatible, 422 invalid) comes back as its own
   * message. Whether metadata and ruleSet were kept is learnt by reading the version back.
   */
  async register(subject: string, draft: Draft, normalize = false): Promise<RegisterResult> {
    const existing = await this.lookup(subject, draft);
    const answer = await registryRequest<RawSchema>(this.endpoint, `/subjects/${seg(subject)}/versions${normalize ? '?normalize=true' : ''}`, {
      method: 'POST',
      body: body(draft),
    }).catch((e) => {
      if (e instanceof FloeError && e.code === 'CONFLICT') throw new FloeError('CONFLICT', `Not registered: ${e.message.replace(/^Schema registry \(HTTP 409\): /, '')}`, e.detail);
      throw e;
    });
    const stored = (await this.lookup(subject, draft)) ?? (answer.version ? await this.version(subject, answer.version) : await this.version(subject, 'latest'));
    const sentContract = hasContent(draft.metadata) || hasContent(draft.ruleSet);
    const keptContract = hasContent(stored.metadata) || hasContent(stored.ruleSet);
    const notes: string[] = [];
    const dialect = await this.dialect();
    if (sentContract) {
      dialect.info.storesContracts = keptContract;
      if (!keptContract)
        notes.push(
          `The registry (${dialect.info.product}) accepted the schema but did not keep its metadata and ruleSet: keep them in a contract file and test rules from it (floe contract test)`,
        );
    }
    return { subject, id: answer.id ?? stored.id, version: stored.version, created: existing === null, contractStored: sentContract ? keptContract : null, notes };
  }

  /** Soft-deletes (or, permanent, removes) a whole subject; returns the versions deleted. */
  async deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.remove(`/subjects/${seg(subject)}`, permanent) as Promise<number[]>;
  }

  async deleteVersion(subject: string, version: number, permanent: boolean): Promise<number> {
    return this.remove(`/subjects/${seg(subject)}/versions/${version}`, permanent) as Promise<number>;
  }

  /** Confluent removes only what was soft-deleted first: soft, then hard (a soft delete already done is fine). */
  private async remove(path: string, permanent: boolean): Promise<number[] | number> {
    let soft: number[] | number | null = null;
    try {
      soft = await registryRequest<number[] | number>(this.endpoint, path, { method: 'DELETE' });
    } catch (e) {
      if (!permanent || !(await this.dialect()).alreadySoftDeleted(e)) throw e;
    }
    if (!permanent) return soft!;
    const hard = await registryRequest<number[] | number>(this.endpoint, `${path}?permanent=true`, { method: 'DELETE' });
    return hard ?? soft;
  }
}

function body(draft: Draft): Record<string, unknown> {
  return {
    schema: draft.schema,
    ...(draft.schemaType !== 'AVRO' ? { schemaType: draft.schemaType } : {}),
    ...(draft.references.length ? { references: draft.references } : {}),
    ...(hasContent(draft.metadata) ? { metadata: draft.metadata } : {}),
    ...(hasContent(draft.ruleSet) ? { ruleSet: draft.ruleSet } : {}),
  };
}

function hasContent(o: object | null | undefined): boolean {
  return !!o && Object.values(o).some((v) => (Array.isArray(v) ? v.length > 0 : v && typeof v === 'object' ? Object.keys(v).length > 0 : v !== undefined));
}

function toVersion(subject: string, raw: RawSchema, asked: number | 'latest'): SchemaVersion {
  return {
    subject: raw.subject ?? subject,
    version: raw.version ?? (asked === 'latest' ? 0 : asked),
    id: raw.id ?? 0,
    schemaType: raw.schemaType ?? 'AVRO',
    schema: raw.schema ?? '',
    references: raw.references ?? [],
    ...(raw.metadata ? { metadata: raw.metadata } : {}),
    ...(raw.ruleSet ? { ruleSet: raw.ruleSet } : {}),
  };
}
