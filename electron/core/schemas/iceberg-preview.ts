import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import type { IcebergPreview, IcebergPreviewRequest } from '../../../shared/model/iceberg-preview';
import type { SchemaReference, SchemaType } from '../../../shared/model/schemas';
import protobuf from 'protobufjs';
import { protobufSchema } from '../decode/protobuf';
import { assertImportsResolve, descriptorImports, isProtoText } from './contracts/proto-descriptor';
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
  if (input.message && schema.schemaType !== 'PROTOBUF') throw new FloeError('BAD_INPUT', `a message is chosen for Protobuf schemas only (this one is ${schema.schemaType})`);
  const refs = await referenceTexts(api, schema.references, signal);
  const protobuf = schema.schemaType === 'PROTOBUF' ? protobufMessage(schema.schema, refs, input.message) : null;
  let mapped: MappedSchema;
  try {
    mapped = protobuf ? mapProtobufMessage(protobuf.type) : schema.schemaType === 'AVRO' ? mapAvroSchema(schema.schema, [...refs.values()]) : mapJsonSchema(schema.schema);
  } catch (e) {
    if (e instanceof FloeError && (e.code === 'UNSUPPORTED' || e.code === 'BAD_INPUT')) return { columns: [], notes: [], problem: e.message, ...protobuf?.names };
    throw e;
  }
  const columns = mapped.fields.map((f) => ({ name: f.name, type: typeToString(f.type), required: f.required, ...(f.doc ? { doc: f.doc } : {}) }));
  return { columns, notes: mapped.notes, ...protobuf?.names };
}

/** The Protobuf message that lands: the one named, else the file's first (a producer's default), with every message the file has. */
function protobufMessage(text: string, refs: Map<string, string>, wanted: string | undefined): { type: protobuf.Type; names: { messages: string[]; message: string } } {
  try {
    const imports = isProtoText(text) ? (protobuf.parse(text, new protobuf.Root(), { keepCase: true }).imports ?? []) : descriptorImports(text);
    assertImportsResolve(imports, refs);
  } catch (e) {
    throw new FloeError('BAD_INPUT', (e as Error).message);
  }
  const parsed = protobufSchema(text, refs);
  const types: protobuf.Type[] = [];
  const visit = (list: protobuf.Type[]) => {
    for (const t of list) {
      types.push(t);
      visit(t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type));
    }
  };
  visit(parsed.fileMessages);
  const messages = types.map((t) => t.fullName.replace(/^\./, ''));
  if (!types.length) throw new FloeError('BAD_INPUT', 'the Protobuf schema declares no message');
  const name = wanted?.replace(/^\./, '');
  const exact = name === undefined ? 0 : messages.indexOf(name);
  const at = name === undefined || exact >= 0 ? exact : messages.findIndex((m) => m.endsWith(`.${name}`)); // `Order.Line` in package shop
  if (at < 0) throw new FloeError('BAD_INPUT', `the Protobuf schema has no message "${wanted}": it has ${messages.join(', ')}`);
  return { type: types[at]!, names: { messages, message: messages[at]! } };
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
