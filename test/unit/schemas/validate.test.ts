import { describe, expect, it } from 'vitest';
import { validateAvro } from '../../../electron/core/schemas/validate/avro-validate';
import { parseJsonTree, JsonSyntaxError } from '../../../electron/core/schemas/validate/json-tree';
import { validateJsonSchema } from '../../../electron/core/schemas/validate/json-schema-validate';
import { validateProtobuf } from '../../../electron/core/schemas/validate/protobuf-validate';

const at = (r: { markers: { line: number; column: number; message: string }[] }) => r.markers.map((m) => [m.line, m.column, m.message]);

describe('JSON with positions', () => {
  it.each([
    ['{"a": 1,}', 8, /trailing comma/],
    ['{"a" 1}', 5, /expected ":" after property "a"/],
    ['{"a": tru}', 6, /expected a value/],
    ['{"a": "x\ny"}', 8, /raw control character/],
    ['{"a": 1} x', 9, /after the end/],
    ['', 0, /end of the text/],
  ])('%j fails at offset %i', (text, offset, message) => {
    const error = (() => {
      try {
        parseJsonTree(text);
      } catch (e) {
        return e;
      }
    })() as JsonSyntaxError;
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(message);
  });
});

describe('Avro validation', () => {
  const record = (fields: string) => `{\n  "type": "record",\n  "name": "Order",\n  "fields": [\n${fields}\n  ]\n}`;

  it('accepts a valid schema and names its types', () => {
    const r = validateAvro(record('    {"name": "id", "type": "long"},\n    {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}}'));
    expect(r).toEqual({ valid: true, markers: [], names: ['Order', 'Kind'] });
  });

  it.each([
    ['    {"name": "id", "type": "strng"}', 5, 28, /unknown type "strng".*did you mean "string"/],
    ['    {"name": "id", "type": "Long"}', 5, 28, /lower case: "long"/],
    ['    {"name": "id", "type": "long"},\n    {"name": "id", "type": "int"}', 6, 14, /the field "id" is defined twice/],
    ['    {"name": "1st", "type": "long"}', 5, 14, /"1st" is not a valid Avro field name/],
    ['    {"name": "x", "type": ["null", "string", "null"]}', 5, 46, /already has a "null" branch/],
    ['    {"name": "x", "type": {"type": "enum", "name": "E", "symbols": ["A", "A"]}}', 5, 74, /the symbol "A" is listed twice/],
    ['    {"name": "x", "type": {"type": "fixed", "name": "F"}}', 5, 27, /needs a "size"/],
    ['    {"name": "x", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 6}}', 5, 96, /scale.*0 to the precision \(4\)/],
    ['    {"name": "x"}', 5, 5, /a field needs a "type"/],
    ['    {"name": "x", "type": "record"}', 5, 27, /complex type: write it as an object/],
  ])('%s → line %i col %i', (fields, line, column, message) => {
    const r = validateAvro(record(fields));
    expect(r.valid).toBe(false);
    expect(r.markers[0]).toMatchObject({ line, column, message: expect.stringMatching(message) });
  });

  it('marks a JSON syntax error where it is', () => {
    expect(at(validateAvro('{"type": "record", "name": "A", "fields": [\n  {"name": "a", "type": "int"},\n]}'))).toEqual([[3, 1, expect.stringMatching(/not valid JSON: trailing comma before "\]"/)]]);
  });

  it('marks the default that does not match its type (avsc decides)', () => {
    const r = validateAvro(record('    {"name": "x", "type": ["null", "int"], "default": 1}'));
    expect(r.markers[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/Avro: incompatible field default 1.*union defaults must match the first branch/) });
  });

  it('knows the named types of its references', () => {
    const money = JSON.stringify({ type: 'record', name: 'Money', namespace: 'common', fields: [{ name: 'cents', type: 'long' }] });
    expect(validateAvro(record('    {"name": "price", "type": "common.Money"}'), [money]).valid).toBe(true);
  });
});

describe('Protobuf validation', () => {
  it('accepts a valid file with well-known imports and lists its messages', () => {
    const r = validateProtobuf('syntax = "proto3";\npackage shop;\nimport "google/protobuf/timestamp.proto";\nmessage Order {\n  google.protobuf.Timestamp at = 1;\n  message Line { int32 n = 1; }\n}\n');
    expect(r).toEqual({ valid: true, markers: [], names: ['shop.Order', 'shop.Order.Line'] });
  });

  it.each([
    ['syntax = "proto3";\nmessage M {\n  int64 id = 1\n  string name = 2;\n}\n', 4, 3, /illegal token 'string', ';' expected/],
    ['syntax = "proto3";\nmessage M {\n  Foo id = 1;\n}\n', 3, 3, /no such Type or Enum 'Foo'.*missing import/],
    ['syntax = "proto3";\nmessage M {\n  int64 id = 1;\n  string name = 1;\n}\n', 4, 1, /duplicate id 1.*must be unique/],
    ['syntax = "proto3";\nimport "common/money.proto";\nmessage M {\n  common.Money m = 1;\n}\n', 2, 1, /import "common\/money.proto" is not resolved/],
    ['syntax = "proto3";\nmessage M { int64 id = 1; ', 2, 1, /the file ends too early/],
  ])('%j → line %i', (text, line, column, message) => {
    const r = validateProtobuf(text);
    expect(r.valid).toBe(false);
    expect(r.markers[0]).toMatchObject({ line, column, message: expect.stringMatching(message) });
  });

  it('resolves imports through references', () => {
    const refs = new Map([['common/money.proto', 'syntax = "proto3";\npackage common;\nmessage Money { int64 cents = 1; }\n']]);
    expect(validateProtobuf('syntax = "proto3";\nimport "common/money.proto";\nmessage M {\n  common.Money m = 1;\n}\n', refs).valid).toBe(true);
  });
});

describe('JSON Schema validation', () => {
  it('accepts draft-07, 2019-09 and 2020-12 schemas', () => {
    for (const draft of ['http://json-schema.org/draft-07/schema#', 'https://json-schema.org/draft/2019-09/schema', 'https://json-schema.org/draft/2020-12/schema'])
      expect(validateJsonSchema(JSON.stringify({ $schema: draft, type: 'object', properties: { id: { type: 'integer' } } })).valid).toBe(true);
  });

  it('checks against the declared meta-schema, marking the offending value', () => {
    const text = '{\n  "type": "object",\n  "properties": {\n    "id": {"type": "integr"}\n  }\n}';
    const r = validateJsonSchema(text);
    expect(r.valid).toBe(false);
    expect(r.markers[0]).toMatchObject({ line: 4, column: 20, message: expect.stringMatching(/draft-07 meta-schema: must be equal to one of the allowed values/) });
  });

  it('2020-12 keywords are checked by the 2020-12 meta-schema', () => {
    const text = JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: 'nope' });
    expect(validateJsonSchema(text).markers[0]!.message).toMatch(/2020-12 meta-schema: must be array/);
  });

  it('warns about a draft it does not know and checks it as draft-07', () => {
    const r = validateJsonSchema(JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' }));
    expect(r.valid).toBe(true);
    expect(r.markers[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/checked as draft-07/) });
  });

  it('marks an unresolvable $ref where it is written', () => {
    const text = '{\n  "type": "object",\n  "properties": {"a": {"$ref": "other.json"}}\n}';
    expect(validateJsonSchema(text).markers[0]).toMatchObject({ line: 3, message: expect.stringMatching(/can't resolve reference other.json/) });
  });
});
