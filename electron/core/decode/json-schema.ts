import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** A validator for a registry JSON Schema; the draft follows its "$schema" (draft-07 when absent). */
export function jsonSchemaValidator(schema: string, references: string[] = []): ValidateFunction {
  const parsed = JSON.parse(schema) as { $schema?: string };
  const draft = parsed.$schema ?? '';
  const options = { strict: false, allErrors: true, validateSchema: false };
  const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const ref of references) {
    const refSchema = JSON.parse(ref) as { $id?: string };
    if (refSchema.$id) ajv.addSchema(refSchema);
  }
  return ajv.compile(parsed);
}

/** Validation problems as "path: message" lines (the decoded value is still shown). */
export function validationProblems(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
