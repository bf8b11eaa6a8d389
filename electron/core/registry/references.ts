import { FloeError } from '../../../shared/errors';
import type { SchemaReference, SchemaType } from '../../../shared/model/schemas';
import { isRegistryStatus, registryRequest, seg, type RegistryEndpoint } from './registry-http';

export type ResolvedReferences = Map<string, { schemaType: SchemaType; schema: string }>;

const MAX_DEPTH = 32;

/**
 * The schemas that references name, transitively, by reference name (an import path for Protobuf, a
 * type name for Avro, a $ref for JSON Schema). A missing subject or version is an error naming it.
 */
export async function resolveReferences(endpoint: RegistryEndpoint, refs: SchemaReference[], signal?: AbortSignal): Promise<ResolvedReferences> {
  const into: ResolvedReferences = new Map();
  const visit = async (list: SchemaReference[], depth: number, from: string): Promise<void> => {
    if (depth > MAX_DEPTH) throw new FloeError('BAD_INPUT', `schema references nest deeper than ${MAX_DEPTH} levels (a cycle through ${from}?)`);
    for (const ref of list) {
      if (into.has(ref.name)) continue;
      let raw: { schema?: string; schemaType?: SchemaType; references?: SchemaReference[] };
      try {
        raw = await registryRequest(endpoint, `/subjects/${seg(ref.subject)}/versions/${ref.version}`, { signal });
      } catch (e) {
        if (isRegistryStatus(e, 404))
          throw new FloeError('NOT_FOUND', `reference "${ref.name}" names subject "${ref.subject}" version ${ref.version}, which the registry does not have`);
        throw e;
      }
      into.set(ref.name, { schemaType: raw.schemaType ?? 'AVRO', schema: raw.schema ?? '' });
      await visit(raw.references ?? [], depth + 1, ref.subject);
    }
  };
  await visit(refs, 0, 'the schema');
  return into;
}
