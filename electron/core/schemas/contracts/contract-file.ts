import { parse as parseYaml, YAMLParseError } from 'yaml';
import { FloeError } from '../../../../shared/errors';
import { ContractFile } from '../../../../shared/model/contracts';
import type { SchemaDraft } from '../../../../shared/model/schemas';

export interface ParsedContract {
  subject?: string;
  draft: SchemaDraft & { schemaType: NonNullable<SchemaDraft['schemaType']> };
}

/**
 * A contract file (JSON or YAML: the schema with its metadata and ruleSet, in the shape Confluent
 * Schema Registry stores them). `readSchemaFile` loads a `schemaFile` (the CLI reads it next to the
 * contract; without it such a contract is refused by name). Every problem is one message naming where.
 */
export function parseContract(text: string, name: string, readSchemaFile?: (path: string) => string): ParsedContract {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(name) ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    // yaml's own message ends with the same place ("… at line 6, column 15:"): said once, in front.
    const reason = (e as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new FloeError('BAD_INPUT', `${name} is not valid ${/\.json$/i.test(name) ? 'JSON' : 'YAML'}${where}: ${reason}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new FloeError('BAD_INPUT', `${name}: a contract is a mapping with schemaType, schema (or schemaFile), metadata and ruleSet`);
  const parsed = ContractFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new FloeError('BAD_INPUT', `${name}: ${path}: ${issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message}`);
  }
  const c = parsed.data;
  let schema = c.schema;
  if (schema === undefined) {
    if (!readSchemaFile) throw new FloeError('BAD_INPUT', `${name}: schemaFile "${c.schemaFile}" can only be read by the CLI; put the schema inline ("schema")`);
    try {
      schema = readSchemaFile(c.schemaFile!);
    } catch (e) {
      throw new FloeError('BAD_INPUT', `${name}: cannot read schemaFile "${c.schemaFile}": ${(e as Error).message}`);
    }
  }
  return {
    ...(c.subject ? { subject: c.subject } : {}),
    draft: { schemaType: c.schemaType, schema, references: c.references, ...(c.metadata ? { metadata: c.metadata } : {}), ...(c.ruleSet ? { ruleSet: c.ruleSet } : {}) },
  };
}
