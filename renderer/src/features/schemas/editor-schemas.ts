import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';

/**
 * JSON Schemas that Monaco's JSON language service uses for completion and hover while editing an Avro
 * schema (what Avro's specification allows) or a JSON Schema (the draft-07 meta-schema). Floe's own
 * validation (the core's markers) stays the authority; these only help typing.
 */
const primitive = { enum: ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] };
const logical = { enum: ['decimal', 'uuid', 'date', 'time-millis', 'time-micros', 'timestamp-millis', 'timestamp-micros', 'local-timestamp-millis', 'local-timestamp-micros', 'duration'] };

export const AVRO_EDITOR_SCHEMA = {
  $id: 'floe://avro-schema',
  definitions: {
    type: {
      anyOf: [
        { ...primitive, description: 'a primitive type' },
        { type: 'string', description: 'a named type defined earlier, or referenced' },
        { type: 'array', items: { $ref: '#/definitions/type' }, description: 'a union: one of these types' },
        { $ref: '#/definitions/complex' },
      ],
    },
    field: {
      type: 'object',
      required: ['name', 'type'],
      properties: {
        name: { type: 'string', description: 'field name: letters, digits and _' },
        type: { $ref: '#/definitions/type' },
        default: { description: 'used when reading data written without this field (for a union: a value of its first branch)' },
        doc: { type: 'string' },
        aliases: { type: 'array', items: { type: 'string' }, description: 'former names: a rename that stays compatible' },
        order: { enum: ['ascending', 'descending', 'ignore'] },
      },
    },
    complex: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { anyOf: [{ enum: ['record', 'enum', 'array', 'map', 'fixed', 'error'] }, primitive] },
        name: { type: 'string' },
        namespace: { type: 'string' },
        doc: { type: 'string' },
        aliases: { type: 'array', items: { type: 'string' } },
        fields: { type: 'array', items: { $ref: '#/definitions/field' } },
        symbols: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        default: {},
        items: { $ref: '#/definitions/type' },
        values: { $ref: '#/definitions/type' },
        size: { type: 'integer', minimum: 0 },
        logicalType: logical,
        precision: { type: 'integer', minimum: 1 },
        scale: { type: 'integer', minimum: 0 },
      },
    },
  },
  $ref: '#/definitions/type',
};

export const JSON_SCHEMA_EDITOR_SCHEMA = draft07;
