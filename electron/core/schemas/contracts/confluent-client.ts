import { MockClient } from '@confluentinc/schemaregistry/dist/mock-schemaregistry-client';
import { SchemaRegistryClient, type Client, type SchemaInfo, type SchemaMetadata } from '@confluentinc/schemaregistry/dist/schemaregistry-client';
import type { RegistryEndpoint } from '../../registry/registry-http';
import { assertImportsResolve, descriptorImports, isProtoText, serializedProto } from './proto-descriptor';

/**
 * Confluent's own registry client for the profile's registry (or its in-memory client when there is
 * none: pasted records need no registry). Rules are executed by Confluent's serializers over it.
 */
export function confluentClient(endpoint: RegistryEndpoint | null): Client {
  if (!endpoint) return new MockClient({ baseURLs: ['mock://floe'] });
  return new SchemaRegistryClient({
    baseURLs: [endpoint.url.replace(/\/+$/, '')],
    ...(endpoint.username ? { basicAuthCredentials: { credentialsSource: 'USER_INFO' as const, userInfo: `${endpoint.username}:${endpoint.password ?? ''}` } } : {}),
    maxRetries: 1,
    createAxiosDefaults: { timeout: 8000 },
  });
}

/**
 * The client as the serializers see it during a test: the subject's latest version is the tested schema
 * (with the ruleSet under test), and schemas read by id come without rules, so only the tested rules run.
 * `tested.id` 0 is a draft that is not registered: reads of id 0 and its version lookups answer it too.
 * With a `reader` (an older version), that version is the latest instead, as for a consumer that reads with it.
 */
export function overlayClient(inner: Client, subject: string, tested: SchemaMetadata, reader?: SchemaMetadata): Client {
  const plain = <T extends SchemaInfo>(info: T): T => {
    const { ruleSet: _r, ...rest } = info;
    return rest as T;
  };
  const isTested = (s: string, info: SchemaInfo) => s === subject && info.schema === tested.schema;
  const as = <T extends SchemaInfo>(info: T, format?: string) => serialized(inner, info, format);
  // A consumer on an older reader version: the subject's latest is that version, and records written with the
  // tested version carry its ruleSet (a DOWNGRADE migration is the writer's rule).
  const latest = reader ? plain(reader) : tested;
  const byId = async (s: string, id: number, format?: string): Promise<SchemaInfo> => {
    if (id === tested.id && (tested.id === 0 || reader)) return reader ? tested : plain(tested);
    return plain(await inner.getBySubjectAndId(s, id, format));
  };
  const overrides: Partial<Client> = {
    getLatestSchemaMetadata: async (s, format) => as(s === subject ? latest : await inner.getLatestSchemaMetadata(s, format), format),
    getLatestWithMetadata: async (s, m, d, format) => as(s === subject ? latest : await inner.getLatestWithMetadata(s, m, d, format), format),
    getBySubjectAndId: async (s, id, format) => as(await byId(s, id, format), format),
    getVersion: async (s, info, normalize, deleted) => (isTested(s, info) && tested.id === 0 ? tested.version! : inner.getVersion(s, info, normalize, deleted)),
    getSchemaMetadata: async (s, version, deleted, format) => as(s === subject && version === tested.version ? tested : await inner.getSchemaMetadata(s, version, deleted, format), format),
    getId: async (s, info, normalize) => (isTested(s, info) ? (tested.id ?? 0) : inner.getId(s, info, normalize)),
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const own = (overrides as Record<PropertyKey, unknown>)[prop];
      if (own) return own;
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Confluent's Protobuf serdes ask for `format=serialized` (a base64 FileDescriptorProto); a registry that
 * answers with the .proto text anyway (Apicurio) has its answer converted, references included.
 */
async function serialized<T extends SchemaInfo>(inner: Client, info: T, format?: string): Promise<T> {
  if (format !== 'serialized' || info.schemaType !== 'PROTOBUF') return info;
  if (!isProtoText(info.schema)) {
    assertImportsResolve(descriptorImports(info.schema), new Set((info.references ?? []).map((r) => r.name)));
    return info;
  }
  const texts = new Map<string, string>();
  const collect = async (refs: SchemaInfo['references'], depth: number): Promise<void> => {
    for (const ref of refs ?? []) {
      if (texts.has(ref.name) || depth > 32) continue;
      const found = await inner.getSchemaMetadata(ref.subject, ref.version, true).catch((e: unknown) => {
        throw new Error(`the Protobuf import "${ref.name}" names ${ref.subject} version ${ref.version}, which the registry does not answer: ${(e as Error).message}`, { cause: e });
      });
      texts.set(ref.name, found.schema);
      await collect(found.references, depth + 1);
    }
  };
  await collect(info.references, 0);
  return { ...info, schema: serializedProto(info.schema, texts) };
}
