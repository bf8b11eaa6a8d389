import type { IcebergType, NestedField } from './types';
import { typeToString } from './types';

/** An Iceberg type as table metadata JSON writes it (spec "Schemas": primitives as strings, nested types as objects). */
export function typeToJson(t: IcebergType): unknown {
  switch (t.kind) {
    case 'struct':
      return { type: 'struct', fields: fieldsToJson(t.fields) };
    case 'list':
      return { type: 'list', 'element-id': t.elementId, element: typeToJson(t.element), 'element-required': t.elementRequired };
    case 'map':
      return { type: 'map', 'key-id': t.keyId, key: typeToJson(t.key), 'value-id': t.valueId, value: typeToJson(t.value), 'value-required': t.valueRequired };
    default:
      return typeToString(t);
  }
}

export function fieldsToJson(fields: NestedField[]): unknown[] {
  return fields.map((f) => ({ id: f.id, name: f.name, required: f.required, type: typeToJson(f.type), ...(f.doc ? { doc: f.doc } : {}) }));
}

/** The highest field id in a schema, at any depth. */
export function maxFieldId(fields: NestedField[]): number {
  let max = 0;
  const visit = (t: IcebergType) => {
    if (t.kind === 'struct') max = Math.max(max, maxFieldId(t.fields));
    else if (t.kind === 'list') {
      max = Math.max(max, t.elementId);
      visit(t.element);
    } else if (t.kind === 'map') {
      max = Math.max(max, t.keyId, t.valueId);
      visit(t.key);
      visit(t.value);
    }
  };
  for (const f of fields) {
    max = Math.max(max, f.id);
    visit(f.type);
  }
  return max;
}
