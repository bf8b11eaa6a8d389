/** What a set of JSON values looks like: the kinds seen, the fields of objects (and how often), array items. */
export type Kind = 'null' | 'boolean' | 'long' | 'double' | 'string' | 'object' | 'array';

export interface Shape {
  kinds: Set<Kind>;
  /** Objects seen at this place; a field seen in fewer of them is optional. */
  objects: number;
  fields: Map<string, { shape: Shape; seen: number }>;
  items: Shape | null;
}

export function emptyShape(): Shape {
  return { kinds: new Set(), objects: 0, fields: new Map(), items: null };
}

/** Widens `shape` to take `value` too (whole numbers are long, any fraction makes them double). */
export function addValue(shape: Shape, value: unknown): void {
  if (value === null || value === undefined) shape.kinds.add('null');
  else if (typeof value === 'boolean') shape.kinds.add('boolean');
  else if (typeof value === 'bigint') shape.kinds.add('long');
  else if (typeof value === 'number') shape.kinds.add(Number.isInteger(value) ? 'long' : 'double');
  else if (typeof value === 'string') shape.kinds.add('string');
  else if (Array.isArray(value)) {
    shape.kinds.add('array');
    shape.items ??= emptyShape();
    for (const item of value) addValue(shape.items, item);
  } else if (typeof value === 'object') {
    shape.kinds.add('object');
    shape.objects++;
    for (const [name, v] of Object.entries(value)) {
      let field = shape.fields.get(name);
      if (!field) shape.fields.set(name, (field = { shape: emptyShape(), seen: 0 }));
      field.seen++;
      addValue(field.shape, v);
    }
  }
}

/** The kinds without null, long folded into double when both were seen. */
export function valueKinds(shape: Shape): Kind[] {
  const kinds = [...shape.kinds].filter((k) => k !== 'null');
  return kinds.includes('double') ? kinds.filter((k) => k !== 'long') : kinds;
}
