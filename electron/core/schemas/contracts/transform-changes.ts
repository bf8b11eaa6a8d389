import { jsonSafe } from './fields-read';

export interface FieldChange {
  path: string;
  /** JSON-safe values; undefined where the field is absent on that side. */
  before?: unknown;
  after?: unknown;
}

const MAX_CHANGES = 50;

/**
 * The fields a TRANSFORM rule changed in one record: leaf by leaf (`total.cents`, `lines[1].qty`), objects
 * compared key by key, other values by their JSON. Protobuf's `$typeName` is not a field.
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(jsonSafe(before), jsonSafe(after), '', out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (out.length >= MAX_CHANGES) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push({ path: path || '(the record)', ...(a === undefined ? {} : { before: a }), ...(b === undefined ? {} : { after: b }) });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
