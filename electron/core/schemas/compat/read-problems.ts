import type { ParsedSchema } from '../model/parsed-schema';
import { avroReadProblems } from './avro-compat';
import { jsonSchemaReadProblems } from './json-schema-compat';
import type { Problem } from './problem';
import { protobufReadProblems } from './protobuf-compat';

/** Why `reader` cannot read what `writer` writes, whatever the schema type. */
export function readProblems(reader: ParsedSchema, writer: ParsedSchema): Problem[] {
  if (reader.type !== writer.type)
    return [{ path: '/', kind: 'type-changed', message: `{writer} is ${writer.type} and {reader} is ${reader.type}: records of one cannot be read with the other` }];
  if (reader.type === 'AVRO' && writer.type === 'AVRO') return avroReadProblems(reader.avro, writer.avro);
  if (reader.type === 'PROTOBUF' && writer.type === 'PROTOBUF') return protobufReadProblems(reader.proto, writer.proto);
  if (reader.type === 'JSON' && writer.type === 'JSON') return jsonSchemaReadProblems(reader.json, writer.json);
  return [];
}
