/** JSON Schema documents as plain values, with `$ref` resolved locally (#/definitions, #/$defs, #/…) and by reference name. */
export type JsonSchema = boolean | JsonSchemaObject;
export type JsonSchemaObject = Record<string, unknown>;

export interface JsonSchemaDoc {
  root: JsonSchema;
  /** Referenced documents by reference name (their `$id` or the name the registry reference gives). */
  external: Map<string, JsonSchema>;
}

export function parseJsonSchemaDoc(text: string, references: Map<string, string> = new Map()): JsonSchemaDoc {
  const external = new Map<string, JsonSchema>();
  for (const [name, ref] of references) {
    const parsed = JSON.parse(ref) as JsonSchema;
    external.set(name, parsed);
    if (typeof parsed === 'object' && typeof parsed.$id === 'string') external.set(parsed.$id, parsed);
  }
  return { root: JSON.parse(text) as JsonSchema, external };
}

/**
 * A schema with its `$ref` followed (once per call; the key says where it led, for cycle checks).
 * An unresolvable reference resolves to `true` (anything), which no check can narrow.
 */
export function deref(doc: JsonSchemaDoc, schema: JsonSchema, base: JsonSchema = doc.root): { schema: JsonSchema; key: string | null; base: JsonSchema } {
  let current = schema;
  let key: string | null = null;
  let currentBase = base;
  for (let hops = 0; hops < 32 && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    const [file, pointer = ''] = ref.split('#');
    if (file) {
      const target = doc.external.get(file);
      if (target === undefined) return { schema: true, key: ref, base: currentBase };
      currentBase = target;
    }
    key = ref;
    current = pointerInto(currentBase, pointer) ?? true;
  }
  return { schema: current, key, base: currentBase };
}

function pointerInto(root: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const k = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node as JsonSchema | undefined;
}

/** The types a schema allows, or null for any. `integer` is kept apart from `number`. */
export function typesOf(s: JsonSchema): Set<string> | null {
  if (typeof s === 'boolean') return s ? null : new Set();
  const t = s.type;
  if (typeof t === 'string') return new Set([t]);
  if (Array.isArray(t)) return new Set(t.map(String));
  if (Array.isArray(s.enum)) return new Set(s.enum.map(jsonTypeOf));
  if ('const' in s) return new Set([jsonTypeOf(s.const)]);
  if (s.properties || s.required) return new Set(['object']);
  if (s.items) return new Set(['array']);
  return null;
}

export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function props(s: JsonSchema): Record<string, JsonSchema> {
  return typeof s === 'object' && s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, JsonSchema>) : {};
}

export function requiredOf(s: JsonSchema): string[] {
  return typeof s === 'object' && Array.isArray(s.required) ? s.required.map(String) : [];
}

/** additionalProperties as a schema: `true` when absent (an open content model). */
export function additional(s: JsonSchema): JsonSchema {
  if (typeof s !== 'object') return s;
  const a = s.additionalProperties ?? s.unevaluatedProperties;
  return a === undefined ? true : (a as JsonSchema);
}

export function pointer(path: string, ...keys: string[]): string {
  return path + keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function describeJson(s: JsonSchema): string {
  if (s === true) return 'anything';
  if (s === false) return 'nothing';
  const types = typesOf(s);
  return types ? [...types].join(' | ') : 'any type';
}
