import { valueKinds, type Shape } from './json-shape';

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON Schema (2020-12) for the values: required where every object had the field, types widened. */
export function jsonSchemaOf(shape: Shape): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...jsonType(shape) };
}

function jsonType(shape: Shape): Record<string, unknown> {
  const names = valueKinds(shape).map((k) => (k === 'long' ? 'integer' : k === 'double' ? 'number' : k));
  if (shape.kinds.has('null')) names.push('null');
  const out: Record<string, unknown> = names.length === 0 ? {} : { type: names.length === 1 ? names[0] : names };
  if (shape.kinds.has('object')) {
    out.properties = Object.fromEntries([...shape.fields].map(([name, f]) => [name, jsonType(f.shape)]));
    const required = [...shape.fields].filter(([, f]) => f.seen === shape.objects).map(([name]) => name);
    if (required.length) out.required = required;
  }
  if (shape.kinds.has('array')) out.items = shape.items && shape.items.kinds.size ? jsonType(shape.items) : {};
  return out;
}

/**
 * An Avro schema for the values: nested objects as records named after their path, optional fields
 * (missing from some records, or null) as a union with null first and default null. `notes` says what
 * had to be guessed or changed.
 */
export function avroSchemaOf(shape: Shape, name: string, namespace: string | undefined, notes: string[]): unknown {
  const used = new Set<string>();
  const recordName = (wanted: string) => {
    let n = avroName(wanted) || 'Record';
    for (let i = 2; used.has(n); i++) n = `${avroName(wanted)}${i}`;
    used.add(n);
    return n;
  };

  const typeOf = (s: Shape, path: string, nullable: boolean): unknown => {
    const branches = valueKinds(s).map((k) => branch(k, s, path));
    if (branches.length === 0) {
      notes.push(`${path || 'the value'} was always null or an empty array: typed as string`);
      branches.push('string');
    }
    return nullable || s.kinds.has('null') ? ['null', ...branches] : branches.length === 1 ? branches[0] : branches;
  };

  const branch = (kind: string, s: Shape, path: string): unknown => {
    switch (kind) {
      case 'object': {
        const fields = [...s.fields].map(([field, f]) => {
          const safe = avroName(field);
          if (safe !== field) notes.push(`${path ? `${path}.` : ''}${field} is not a valid Avro name: written as ${safe} (records keep the original key)`);
          const optional = f.seen < s.objects || f.shape.kinds.has('null');
          return { name: safe, type: typeOf(f.shape, path ? `${path}.${field}` : field, optional), ...(optional ? { default: null } : {}) };
        });
        return { type: 'record', name: recordName(path ? pascal(path) : name), fields };
      }
      case 'array': {
        if (!s.items || s.items.kinds.size === 0) {
          notes.push(`${path || 'the value'} was always an empty array: items typed as string`);
          return { type: 'array', items: 'string' };
        }
        return { type: 'array', items: typeOf(s.items, `${path}[]`, false) };
      }
      default:
        return kind;
    }
  };

  const top = typeOf(shape, '', false);
  if (typeof top === 'object' && top && !Array.isArray(top) && namespace) return { ...top, namespace };
  return top;
}

function avroName(text: string): string {
  if (AVRO_NAME.test(text)) return text;
  const safe = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

function pascal(path: string): string {
  return path
    .replace(/\[\]/g, 'Item')
    .split(/[._\-\s]+/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
