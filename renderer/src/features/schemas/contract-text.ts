import { stringify } from 'yaml';
import type { RuleSet, SchemaVersion } from '../../../../shared/model/schemas';
import { formatSchema } from './draft-model';

/** A starting rule for a version without a ruleSet: it passes every record until its expression is written. */
export const TEMPLATE_RULES: RuleSet = {
  domainRules: [{ name: 'my-rule', doc: 'a CEL condition over message.<field>; a record fails when it is false', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true', onFailure: 'ERROR' }],
};

/**
 * A version as a contract file (the shape `floe contract test` reads and the registry stores): subject,
 * schema, references, metadata and ruleSet, in YAML with the schema as a block.
 */
export function contractText(subject: string, v: Pick<SchemaVersion, 'schemaType' | 'schema' | 'references' | 'metadata' | 'ruleSet'>): string {
  const doc = {
    subject,
    schemaType: v.schemaType,
    schema: `${formatSchema(v.schemaType, v.schema).trimEnd()}\n`,
    ...(v.references.length ? { references: v.references } : {}),
    ...(v.metadata ? { metadata: v.metadata } : {}),
    ruleSet: v.ruleSet ?? TEMPLATE_RULES,
  };
  return stringify(doc, { lineWidth: 0, blockQuote: 'literal' });
}

/** Pasted records: a JSON array, or one JSON value per line (JSON Lines). */
export function pastedRecords(text: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed) throw new Error('paste at least one JSON record (an array, or one value per line)');
  if (trimmed.startsWith('[')) {
    const all: unknown = JSON.parse(trimmed);
    if (!Array.isArray(all) || all.length === 0) throw new Error('the pasted array is empty');
    return all;
  }
  return trimmed.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (e) {
      throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`, { cause: e });
    }
  });
}
