import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FloeError } from '../../../shared/errors';
import { SchemaType, type SchemaDraft, type SchemaReference } from '../../../shared/model/schemas';

/**
 * A schema file as a draft: the type from --type, else the extension (.avsc Avro, .proto Protobuf,
 * .json JSON Schema unless it reads as an Avro record/enum). References as NAME=SUBJECT:VERSION.
 */
export function readDraftFile(path: string, typeFlag: string | undefined, refFlags: string[] = []): SchemaDraft {
  let schema: string;
  try {
    schema = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FloeError('BAD_INPUT', `Cannot read schema file ${path}: ${(e as Error).message}`);
  }
  return { schemaType: schemaTypeOf(path, schema, typeFlag), schema, references: refFlags.map(parseRef) };
}

export function schemaTypeOf(path: string, text: string, typeFlag: string | undefined): SchemaType {
  if (typeFlag) {
    const t = typeFlag.toUpperCase().replace(/^JSONSCHEMA$|^JSON_SCHEMA$/, 'JSON');
    const parsed = SchemaType.safeParse(t);
    if (!parsed.success) throw new FloeError('BAD_INPUT', `--type must be AVRO, PROTOBUF or JSON, not "${typeFlag}"`);
    return parsed.data;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.proto') return 'PROTOBUF';
  if (ext === '.avsc') return 'AVRO';
  if (ext === '.json') {
    try {
      const o = JSON.parse(text) as { type?: unknown; fields?: unknown };
      return Array.isArray(o) || typeof o === 'string' || ['record', 'enum', 'fixed'].includes(String(o?.type)) || Array.isArray(o?.fields) ? 'AVRO' : 'JSON';
    } catch {
      return 'JSON'; // the validation names the syntax error
    }
  }
  throw new FloeError('BAD_INPUT', `Cannot tell the schema type of ${path} from its extension: pass --type AVRO, PROTOBUF or JSON`);
}

/** `name=subject:version`, e.g. `common.proto=common-value:3`. */
export function parseRef(flag: string): SchemaReference {
  const m = /^([^=]+)=(.+):(\d+)$/.exec(flag);
  if (!m) throw new FloeError('BAD_INPUT', `--ref must be NAME=SUBJECT:VERSION (e.g. common.proto=common-value:1), not "${flag}"`);
  return { name: m[1]!, subject: m[2]!, version: Number(m[3]) };
}
