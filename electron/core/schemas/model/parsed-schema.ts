import type { SchemaType } from '../../../../shared/model/schemas';
import type { ResolvedReferences } from '../../registry/references';
import { parseAvro, type AvroType } from './avro-model';
import { parseJsonSchemaDoc, type JsonSchemaDoc } from './json-schema-model';
import { parseProtoFile, type ProtoFile } from './protobuf-model';

/** A schema parsed for comparison, inference and mapping, its references resolved. */
export type ParsedSchema = { type: 'AVRO'; avro: AvroType } | { type: 'PROTOBUF'; proto: ProtoFile } | { type: 'JSON'; json: JsonSchemaDoc };

/** Parses schema text that validates (see validate-draft.ts); throws on text that does not. */
export function parseSchema(type: SchemaType, text: string, references: ResolvedReferences = new Map()): ParsedSchema {
  const byName = new Map([...references].map(([name, r]) => [name, r.schema]));
  if (type === 'AVRO') return { type, avro: parseAvro(text, [...byName.values()]) };
  if (type === 'PROTOBUF') return { type, proto: parseProtoFile(text, byName) };
  return { type, json: parseJsonSchemaDoc(text, byName) };
}
