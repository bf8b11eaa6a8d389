import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../electron/core/schemas/contracts/contract-file';
import { contractText, pastedRecords, TEMPLATE_RULES } from '../../../renderer/src/features/schemas/contract-text';

const SCHEMA = '{"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]}';

describe('a version as a contract file', () => {
  it('is read back by the contract parser as the same schema, metadata and ruleSet', () => {
    const version = {
      schemaType: 'AVRO' as const,
      schema: SCHEMA,
      references: [{ name: 'common.avsc', subject: 'common', version: 2 }],
      metadata: { properties: { owner: 'shop' } },
      ruleSet: { domainRules: [{ name: 'r', kind: 'CONDITION' as const, mode: 'WRITE' as const, type: 'CEL', expr: 'message.id > 0' }] },
    };
    const text = contractText('orders-value', version);
    expect(text).toMatch(/^schema: \|\n {2}\{\n/m);
    const back = parseContract(text, 'c.yaml');
    expect(back.subject).toBe('orders-value');
    expect(JSON.parse(back.draft.schema)).toEqual(JSON.parse(SCHEMA));
    expect(back.draft).toMatchObject({ references: version.references, metadata: version.metadata, ruleSet: version.ruleSet });
  });

  it('offers a template rule where the version has none', () => {
    const back = parseContract(contractText('s', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage A { int64 id = 1; }', references: [] }), 'c.yaml');
    expect(back.draft.ruleSet).toEqual(TEMPLATE_RULES);
    expect(back.draft.schema).toMatch(/^syntax = "proto3";/);
  });
});

describe('pasted records', () => {
  it('takes a JSON array or JSON Lines, and names the line that is not JSON', () => {
    expect(pastedRecords('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(pastedRecords('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => pastedRecords('{"a":1}\n{"a":')).toThrow(/^line 2 is not JSON/);
    expect(() => pastedRecords('  ')).toThrow(/paste at least one JSON record/);
    expect(() => pastedRecords('[]')).toThrow(/the pasted array is empty/);
  });
});
