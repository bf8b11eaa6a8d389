import type { Handlers } from '../../../shared/rpc/procedure';
import type { schemasContract } from '../../../shared/rpc/schemas-contract';
import type { MessagesService } from '../messages/messages-service';
import type { RegistryClients } from '../registry/registry-clients';
import type { SchemasService } from './schemas-service';
import { sampleTopic } from './topic-sample';
import { inferFromTopic } from './infer/infer-topic';
import { icebergPreview } from './iceberg-preview';
import { parseContract } from './contracts/contract-file';
import { testRules } from './contracts/rule-test';

/** Binds the Schemas room's procedures to its service. */
export function schemasHandlers(deps: { schemas: SchemasService; registries: RegistryClients; messages: MessagesService }): Handlers<typeof schemasContract> {
  const { schemas, registries, messages } = deps;
  return {
    'schemas.list': ({ profileId, deleted }, { signal }) => schemas.list(profileId, deleted, signal),
    'schemas.subject': ({ profileId, subject, deleted }, { signal }) => schemas.subject(profileId, subject, deleted, signal),
    'schemas.version': ({ profileId, subject, version }, { signal }) => schemas.version(profileId, subject, version, signal),
    'schemas.validate': ({ profileId, draft }, { signal }) => schemas.validate(profileId, draft, signal),
    'schemas.check': (input, { signal }) => schemas.check(input, signal),
    'schemas.diff': (input, { signal }) => schemas.diff(input, signal),
    'schemas.register': (input) => schemas.register(input),
    'schemas.setLevel': async ({ profileId, subject, level }) => {
      const api = registries.require(profileId).api;
      if (level === null) {
        if (subject !== undefined) await api.clearLevel(subject);
        return { level: null };
      }
      return { level: await api.setLevel(subject ?? null, level) };
    },
    'schemas.setMode': async ({ profileId, subject, mode }) => ({ mode: await registries.require(profileId).api.setMode(subject ?? null, mode) }),
    'schemas.delete': (input) => schemas.remove(input),
    'schemas.sampleTopic': (input, { signal }) => sampleTopic(messages, registries.require(input.profileId).api, input, signal),
    'schemas.infer': (input, { signal }) => inferFromTopic(messages, input, signal),
    'schemas.icebergPreview': (input, { signal }) => icebergPreview(input.profileId ? (registries.get(input.profileId)?.api ?? null) : null, input, signal),
    'schemas.testRules': (input, { signal }) => testRules({ registries, messages }, input, signal),
    'schemas.parseContract': async ({ text, name }) => parseContract(text, name),
    'schemas.subjectNames': async ({ profileId }, { signal }) => ({ subjects: (await registries.require(profileId).api.subjects(false, signal)).sort() }),
  };
}
