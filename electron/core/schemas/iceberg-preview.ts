import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { IcebergPreview, IcebergPreviewRequest } from '../../../shared/model/iceberg-preview';
import type { SchemaReference, SchemaType } from '../../../shared/model/schemas';
import { messageType, protobufSchema } from '../decode/protobuf';
import { mapAvroSchema } from '../land/type-mapping/avro-mapping';
import { mapJsonSchema } from '../land/type-mapping/json-schema-mapping';
import type { MappedSchema } from '../land/type-mapping/mapped-schema';
import { mapProtobufMessage } from '../land/type-mapping/protobuf-mapping';
import { typeToString } from '../lake/spec/types';
import type { RegistryApi } from '../registry/registry-api';

/** A version or a draft as the Iceberg columns landing would create, with the landing's own type mapping. */
export async function icebergPreview(api: RegistryApi | null, input: z.output<typeof IcebergPreviewRequest>, signal?: AbortSignal): Promise<IcebergPreview> {
  let schema: { schemaType: SchemaType; schema: string; references: SchemaReference[] };
  if ('draft' in input.source) schema = input.source.draft;
  else {
    if (!api) throw new FloeError('BAD_INPUT', 'a registered version needs a profile with a schema registry');
    schema = await api.version(input.source.subject, input.source.version, signal);
  }
  const refs = await referenceTexts(api, schema.references, signal);
  let mapped: MappedSchema;
  try {
    mapped = mapSchema(schema.schemaType, schema.schema, refs);
  } catch (e) {
    if (e instanceof FloeError && (e.code === 'UNSUPPORTED' || e.code === 'BAD_INPUT')) return { columns: [], notes: [], problem: e.message };
    throw e;
  }
  return { columns: mapped.fields.map((f) => ({ name: f.name, type: typeToString(f.type), required: f.required, ...(f.doc ? { doc: f.doc } : {}) })), notes: mapped.notes };
}

function mapSchema(type: SchemaType, text: string, refs: Map<string, string>): MappedSchema {
  if (type === 'AVRO') return mapAvroSchema(text, [...refs.values()]);
  if (type === 'JSON') return mapJsonSchema(text);
  return mapProtobufMessage(messageType(protobufSchema(text, refs), [0])); // the file's first message, as a producer's default
}

/** Every referenced schema's text (references of references too), by the name the schema imports it as. */
async function referenceTexts(api: RegistryApi | null, refs: SchemaReference[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const queue = [...refs];
  while (queue.length) {
    const ref = queue.shift()!;
    if (out.has(ref.name)) continue;
    if (!api) throw new FloeError('BAD_INPUT', `the schema references ${ref.subject}:${ref.version}: a profile with a schema registry is needed to read it`);
    const found = await api.version(ref.subject, ref.version, signal);
    out.set(ref.name, found.schema);
    queue.push(...found.references);
  }
  return out;
}
