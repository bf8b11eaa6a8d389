import type { z } from 'zod';
import { FloeError } from '../../../../shared/errors';
import type { SchemaDraft, SchemaType, ValidationResult } from '../../../../shared/model/schemas';
import { resolveReferences, type ResolvedReferences } from '../../registry/references';
import type { RegistryEndpoint } from '../../registry/registry-http';
import { validateAvro } from './avro-validate';
import { validateJsonSchema } from './json-schema-validate';
import { lineMarker } from './markers';
import { validateProtobuf } from './protobuf-validate';

export type ParsedDraft = z.output<typeof SchemaDraft>;

/** Schema text checked by its type's library, its references already resolved. */
export function validateText(schemaType: SchemaType, text: string, references: ResolvedReferences = new Map()): ValidationResult {
  if (schemaType === 'PROTOBUF') return validateProtobuf(text, new Map([...references].map(([name, r]) => [name, r.schema])));
  const texts = [...references.values()].map((r) => r.schema);
  return schemaType === 'JSON' ? validateJsonSchema(text, texts) : validateAvro(text, texts);
}

/**
 * A draft checked with its registry references resolved: a reference to a missing subject or version
 * is a marker, like a syntax error. `endpoint` null: no registry, so references cannot be resolved.
 */
export async function validateDraft(draft: ParsedDraft, endpoint: RegistryEndpoint | null, signal?: AbortSignal): Promise<{ result: ValidationResult; references: ResolvedReferences }> {
  let references: ResolvedReferences = new Map();
  if (draft.references.length > 0) {
    if (!endpoint) return { result: problem(draft.schema, 'the schema has references, and this profile has no schema registry to resolve them'), references };
    try {
      references = await resolveReferences(endpoint, draft.references, signal);
    } catch (e) {
      if (e instanceof FloeError && (e.code === 'NOT_FOUND' || e.code === 'BAD_INPUT')) return { result: problem(draft.schema, e.message, draft.references.length === 1 ? draft.references[0]!.name : undefined), references };
      throw e;
    }
  }
  return { result: validateText(draft.schemaType, draft.schema, references), references };
}

/** A validation failure that the editor cannot point at more precisely than the line naming `near`. */
function problem(text: string, message: string, near?: string): ValidationResult {
  const line = near ? text.split('\n').findIndex((l) => l.includes(near)) + 1 : 0;
  return { valid: false, markers: [lineMarker(text, line || 1, message)], names: [] };
}

/** Refuses an invalid draft before anything reaches the registry, naming the first problem and where it is. */
export function assertValid(result: ValidationResult, what: string): void {
  const errors = result.markers.filter((m) => m.severity === 'error');
  if (errors.length === 0) return;
  const first = errors[0]!;
  throw new FloeError('BAD_INPUT', `${what} is not valid: line ${first.line}, column ${first.column}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, {
    markers: result.markers,
  });
}
