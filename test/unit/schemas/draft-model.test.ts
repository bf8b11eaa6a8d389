import { describe, expect, it } from 'vitest';
import { validateAvro } from '../../../electron/core/schemas/validate/avro-validate';
import { validateJsonSchema } from '../../../electron/core/schemas/validate/json-schema-validate';
import { validateProtobuf } from '../../../electron/core/schemas/validate/protobuf-validate';
import { formatSchema, parseReferences, referencesText, TEMPLATES } from '../../../renderer/src/features/schemas/draft-model';

describe('the editor’s draft helpers', () => {
  it('every template is a valid schema of its type', () => {
    expect(validateAvro(TEMPLATES.AVRO).markers).toEqual([]);
    expect(validateProtobuf(TEMPLATES.PROTOBUF).markers).toEqual([]);
    expect(validateJsonSchema(TEMPLATES.JSON).markers).toEqual([]);
  });

  it('formats JSON with two spaces, re-indents Protobuf by braces, leaves text that does not parse alone', () => {
    expect(formatSchema('AVRO', '{"type":"record","name":"A","fields":[]}')).toBe('{\n  "type": "record",\n  "name": "A",\n  "fields": []\n}\n');
    expect(formatSchema('JSON', '{oops')).toBe('{oops');
    expect(formatSchema('PROTOBUF', 'syntax = "proto3";\nmessage A {\nint64 id = 1;\nmessage B {\nstring s = 1; // }\n}\n}\n\n\n')).toBe(
      'syntax = "proto3";\nmessage A {\n  int64 id = 1;\n  message B {\n    string s = 1; // }\n  }\n}\n',
    );
  });

  it('references round-trip through their text form and name a bad line', () => {
    const refs = [{ name: 'common/money.proto', subject: 'money-value', version: 3 }];
    expect(parseReferences(referencesText(refs))).toEqual({ refs, problem: null });
    expect(parseReferences('a = b:1\nnonsense').problem).toBe('reference line 2: write name = subject:version');
    expect(parseReferences('ns.Type = subject:with:colons:2\n\n').refs).toEqual([{ name: 'ns.Type', subject: 'subject:with:colons', version: 2 }]);
  });
});
