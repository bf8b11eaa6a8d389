import { FloeError } from '../../../shared/errors';
import type { CompatibilityLevel, RegistryInfo, SchemaType, VersionEntry } from '../../../shared/model/schemas';
import { isRegistryStatus, registryErrorCode, registryRequest, seg, type RegistryEndpoint } from './registry-http';
import { mapLimit } from '../util/map-limit';

/**
 * Everything in which the registries Floe talks to differ from Confluent Schema Registry's API, in one
 * place. Confluent Platform and Cloud, Karapace and Redpanda follow Confluent's API; Apicurio Registry
 * serves it under /apis/ccompat/v7 with these gaps (2.4.2, checked against the lab):
 * - soft-deleted versions stay in GET /subjects/{s}/versions; their state (DISABLED) and creation dates
 *   are only in Apicurio's native API (/apis/registry/v2), which Floe reads for them;
 * - GET /config/{s} answers NONE for a subject without its own level, so whether a level is the
 *   subject's own is read from the native artifact rules;
 * - no /mode (404); no /schemas/ids/{id}/subjects (Floe uses /schemas/ids/{id}/versions, which both serve);
 * - compatibility answers carry one `reason` string instead of verbose `messages`;
 * - a refused registration is HTTP 409 with error_code 0 (Confluent: 409);
 * - `metadata` and `ruleSet` are accepted and dropped (learnt by reading back, see RegistryApi.register);
 * - deleting a version that others reference is allowed (Confluent refuses with 42206);
 * - soft-deleting what is already soft-deleted is HTTP 400 "Cannot transition … from DISABLED to DISABLED"
 *   (Confluent: 404 with 40404/40406).
 */
export interface RegistryDialect {
  info: RegistryInfo;
  /** Every version with its id and whether it is soft-deleted; deleted ones only when asked. */
  versions(subject: string, includeDeleted: boolean, signal?: AbortSignal): Promise<VersionEntry[]>;
  /** Whether the subject has a level of its own (else the global one applies). */
  hasOwnLevel(subject: string, signal?: AbortSignal): Promise<{ own: boolean; level?: CompatibilityLevel }>;
  /** The messages of a compatibility answer. */
  compatibilityMessages(answer: CompatibilityAnswer): string[];
  /** The schema type per subject, when the registry can tell them all in one go (saves a request per subject). */
  subjectTypes(signal?: AbortSignal): Promise<Map<string, SchemaType> | null>;
  /** Whether a failed soft delete failed because it was already done (a permanent delete can go on). */
  alreadySoftDeleted(e: unknown): boolean;
}

export interface CompatibilityAnswer {
  is_compatible?: boolean;
  messages?: unknown;
  reason?: unknown;
}

interface RawVersion {
  id?: number;
  version?: number;
  schemaType?: SchemaType;
  subject?: string;
}

const VERSION_FETCH_CONCURRENCY = 8;
const NATIVE_PAGE = 500;

/** Detects the registry behind the endpoint (one request) and returns its dialect. */
export async function detectDialect(endpoint: RegistryEndpoint, signal?: AbortSignal): Promise<RegistryDialect> {
  const native = apicurioNativeBase(endpoint.url);
  if (native) {
    const info = await registryRequest<{ name?: string; version?: string }>({ ...endpoint, url: native }, '/system/info', { signal }).catch(() => null);
    if (info && /apicurio/i.test(info.name ?? '')) return apicurioDialect(endpoint, { ...endpoint, url: native }, `Apicurio Registry ${info.version ?? ''}`.trim());
  }
  return confluentDialect(endpoint);
}

/** `http://h/apis/ccompat/v7` → `http://h/apis/registry/v2`. */
function apicurioNativeBase(url: string): string | null {
  const m = /^(.*\/apis)\/ccompat\/v\d+\/?$/.exec(url);
  return m ? `${m[1]}/registry/v2` : null;
}

function baseInfo(endpoint: RegistryEndpoint, flavour: RegistryInfo['flavour'], product: string): RegistryInfo {
  return { url: endpoint.url, flavour, product, modeSupported: null, storesContracts: null, notes: [] };
}

function confluentDialect(endpoint: RegistryEndpoint): RegistryDialect {
  const info = baseInfo(endpoint, 'confluent', "Confluent Schema Registry API");
  return {
    info,
    async versions(subject, includeDeleted, signal) {
      const live = await registryRequest<number[]>(endpoint, `/subjects/${seg(subject)}/versions`, { signal }).catch((e) => {
        // A subject whose versions are all soft-deleted answers 404 without ?deleted=true.
        if (includeDeleted && isRegistryStatus(e, 404)) return [] as number[];
        throw e;
      });
      const all = includeDeleted ? await registryRequest<number[]>(endpoint, `/subjects/${seg(subject)}/versions?deleted=true`, { signal }) : live;
      const liveSet = new Set(live);
      // One request for every id (Confluent 6+); per version where /schemas is not served.
      const listed = await registryRequest<RawVersion[]>(endpoint, `/schemas?subjectPrefix=${seg(subject)}&deleted=${includeDeleted}`, { signal }).catch(() => null);
      const ids = new Map((listed ?? []).filter((s) => s.subject === subject).map((s) => [s.version, s.id]));
      return mapLimit(all, VERSION_FETCH_CONCURRENCY, async (version) => {
        let id = ids.get(version);
        if (id === undefined) id = (await registryRequest<RawVersion>(endpoint, `/subjects/${seg(subject)}/versions/${version}?deleted=true`, { signal })).id;
        return { version, id: id ?? 0, deleted: !liveSet.has(version) };
      });
    },
    async hasOwnLevel(subject, signal) {
      try {
        const own = await registryRequest<{ compatibilityLevel?: CompatibilityLevel; compatibility?: CompatibilityLevel }>(endpoint, `/config/${seg(subject)}`, { signal });
        return { own: true, level: own.compatibilityLevel ?? own.compatibility };
      } catch (e) {
        if (isRegistryStatus(e, 404)) return { own: false };
        throw e;
      }
    },
    compatibilityMessages: (answer) => messagesOf(answer),
    subjectTypes: async () => null,
    alreadySoftDeleted: (e) => isRegistryStatus(e, 404) && [40404, 40406].includes(registryErrorCode(e) ?? 0),
  };
}

function apicurioDialect(endpoint: RegistryEndpoint, native: RegistryEndpoint, product: string): RegistryDialect {
  const info = baseInfo(endpoint, 'apicurio', product);
  info.modeSupported = false;
  info.notes.push(
    `${product} serves Confluent's API with gaps: no /mode, soft-deleted versions read through its native API, one reason string per compatibility answer, and metadata/ruleSet dropped on registration`,
  );
  return {
    info,
    async versions(subject, includeDeleted, signal) {
      const found: VersionEntry[] = [];
      for (let offset = 0; ; offset += NATIVE_PAGE) {
        const page = await registryRequest<{ count: number; versions: { version: string; contentId: number; state: string; createdOn?: string }[] }>(
          native,
          `/groups/default/artifacts/${seg(subject)}/versions?offset=${offset}&limit=${NATIVE_PAGE}`,
          { signal },
        ).catch((e) => {
          if (isRegistryStatus(e, 404)) throw new FloeError('NOT_FOUND', `The registry has no subject "${subject}"`, e instanceof FloeError ? e.detail : undefined);
          throw e;
        });
        for (const v of page.versions)
          found.push({ version: Number(v.version), id: v.contentId, deleted: v.state === 'DISABLED', ...(v.createdOn ? { createdAt: v.createdOn } : {}) });
        if (page.versions.length < NATIVE_PAGE || found.length >= page.count) break;
      }
      const sorted = found.sort((a, b) => a.version - b.version);
      return includeDeleted ? sorted : sorted.filter((v) => !v.deleted);
    },
    async hasOwnLevel(subject, signal) {
      const rules = await registryRequest<string[]>(native, `/groups/default/artifacts/${seg(subject)}/rules`, { signal }).catch((e) => {
        if (isRegistryStatus(e, 404)) return [] as string[];
        throw e;
      });
      if (!rules.includes('COMPATIBILITY')) return { own: false };
      const own = await registryRequest<{ compatibilityLevel?: CompatibilityLevel }>(endpoint, `/config/${seg(subject)}`, { signal });
      return { own: true, level: own.compatibilityLevel };
    },
    compatibilityMessages: (answer) => messagesOf(answer),
    async subjectTypes(signal) {
      const types = new Map<string, SchemaType>();
      for (let offset = 0; ; offset += NATIVE_PAGE) {
        const page = await registryRequest<{ count: number; artifacts: { id: string; groupId?: string | null; type: string }[] }>(
          native,
          `/search/artifacts?offset=${offset}&limit=${NATIVE_PAGE}`,
          { signal },
        );
        for (const a of page.artifacts) if (!a.groupId || a.groupId === 'default') types.set(a.id, a.type === 'PROTOBUF' ? 'PROTOBUF' : a.type === 'JSON' ? 'JSON' : 'AVRO');
        if (page.artifacts.length < NATIVE_PAGE || offset + NATIVE_PAGE >= page.count) break;
      }
      return types;
    },
    alreadySoftDeleted: (e) => isRegistryStatus(e, 400) && /from DISABLED to DISABLED/.test((e as Error).message),
  };
}

/** Confluent (verbose=true): `messages: string[]`; Apicurio: one `reason` string. */
function messagesOf(answer: CompatibilityAnswer): string[] {
  if (Array.isArray(answer.messages)) return answer.messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m)));
  if (typeof answer.reason === 'string' && answer.reason) return [answer.reason];
  return [];
}
