import { describe, expect, it } from 'vitest';
import { comparedVersions, explainCompatibility } from '../../../electron/core/schemas/compat/explain';
import { diffSchemas } from '../../../electron/core/schemas/diff/schema-diff';
import { parseSchema } from '../../../electron/core/schemas/model/parsed-schema';
import { AVRO_CASES, JSON_CASES, PROTOBUF_CASES, type CompatCase } from '../../fixtures/schemas/compat-cases';

const run = (c: CompatCase) => {
  const [before, after] = [parseSchema(c.type, c.before), parseSchema(c.type, c.after)];
  return diffSchemas(before, after, { before: 'version 1', after: 'the draft' });
};

for (const [type, cases] of [
  ['Avro', AVRO_CASES],
  ['Protobuf', PROTOBUF_CASES],
  ['JSON Schema', JSON_CASES],
] as const) {
  describe(`${type}: compatibility explanations and the semantic diff`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const diff = run(c);
      const before = parseSchema(c.type, c.before);
      const after = parseSchema(c.type, c.after);
      const kinds = (direction: 'backward' | 'forward') =>
        [...new Set(explainCompatibility(direction === 'backward' ? 'BACKWARD' : 'FORWARD', after, [{ version: 1, schema: before }]).map((f) => f.kind))];
      expect({ backward: kinds('backward'), forward: kinds('forward') }).toEqual({ backward: c.backward, forward: c.forward });
      expect(diff.backward).toBe(c.backward.length === 0);
      expect(diff.forward).toBe(c.forward.length === 0);
      expect(diff.entries.map((e) => [e.change, e.path])).toEqual(c.changes);
      // Every incompatible direction is explained on some entry, in words naming both sides.
      for (const [dir, problems] of [
        ['backward', diff.backwardProblems],
        ['forward', diff.forwardProblems],
      ] as const) {
        for (const p of problems) expect(p).toMatch(/version 1|the draft/);
        if (problems.length) expect(diff.entries.some((e) => !e[dir])).toBe(true);
      }
    });
  });
}

describe('explanations read as sentences naming the versions', () => {
  it('Avro: a field added without a default, both directions', () => {
    const c = AVRO_CASES.find((x) => x.name === 'field added without a default')!;
    const findings = explainCompatibility('FULL', parseSchema('AVRO', c.after), [{ version: 3, schema: parseSchema('AVRO', c.before) }]);
    expect(findings).toEqual([
      {
        version: 3,
        direction: 'backward',
        path: 'Order.currency',
        kind: 'field-added-without-default',
        message: 'The draft has the field Order.currency without a default, and version 3 has no such field: records from version 3 carry no value for it (give it a default, e.g. null in a ["null", …] union)',
      },
    ]);
  });

  it('Protobuf: a reused field number names both fields', () => {
    const c = PROTOBUF_CASES.find((x) => x.name === 'field number reused for another field')!;
    const [f] = explainCompatibility('BACKWARD', parseSchema('PROTOBUF', c.after), [{ version: 2, schema: parseSchema('PROTOBUF', c.before) }]);
    expect(f!.message).toBe(
      "Field number 3 is amount (double) in version 2 and currency (string) in the draft: the number was reused, so currency would be read from amount's bytes (reserve a removed field's number instead)",
    );
  });

  it('JSON Schema: a newly required property', () => {
    const c = JSON_CASES.find((x) => x.name === 'required property added')!;
    const [f] = explainCompatibility('BACKWARD', parseSchema('JSON', c.after), [{ version: 1, schema: parseSchema('JSON', c.before) }]);
    expect(f).toMatchObject({ path: '/properties/id', message: 'The draft requires the property "id", which version 1 does not: its documents may lack it' });
  });

  it('a changed schema type is one finding', () => {
    const f = explainCompatibility('BACKWARD', parseSchema('JSON', '{"type": "object"}'), [{ version: 1, schema: parseSchema('AVRO', '"string"') }]);
    expect(f).toMatchObject([{ kind: 'type-changed', message: 'Version 1 is AVRO and the draft is JSON: records of one cannot be read with the other' }]);
  });
});

describe('levels', () => {
  it('compare with the latest version, all of them when transitive, none for NONE', () => {
    expect(comparedVersions('BACKWARD', [1, 2, 3])).toEqual([3]);
    expect(comparedVersions('FULL_TRANSITIVE', [1, 2, 3])).toEqual([1, 2, 3]);
    expect(comparedVersions('NONE', [1, 2, 3])).toEqual([]);
    expect(comparedVersions('FORWARD', [])).toEqual([]);
  });

  it('a transitive level finds what only an older version breaks', () => {
    const v1 = parseSchema('AVRO', JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }));
    const v2 = parseSchema('AVRO', JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int', default: 0 }] }));
    const draft = parseSchema('AVRO', JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }] }));
    expect(explainCompatibility('FORWARD', draft, [{ version: 2, schema: v2 }])).toEqual([]);
    expect(explainCompatibility('BACKWARD', draft, [{ version: 2, schema: v2 }])).toEqual([]);
    expect(explainCompatibility('BACKWARD_TRANSITIVE', draft, [{ version: 1, schema: v1 }, { version: 2, schema: v2 }]).map((f) => [f.version, f.kind])).toEqual([[1, 'field-added-without-default']]);
  });

  it('a recursive Avro record and a recursive JSON Schema definition are compared once', () => {
    const node = JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'], default: null }, { name: 'v', type: 'int' }] });
    const nodeLong = node.replace('"int"', '"long"');
    expect(explainCompatibility('BACKWARD', parseSchema('AVRO', nodeLong), [{ version: 1, schema: parseSchema('AVRO', node) }])).toEqual([]);
    const tree = JSON.stringify({ $defs: { t: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/$defs/t' } } } } }, $ref: '#/$defs/t' });
    expect(explainCompatibility('FULL', parseSchema('JSON', tree), [{ version: 1, schema: parseSchema('JSON', tree) }])).toEqual([]);
  });
});
