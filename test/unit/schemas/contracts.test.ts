import { describe, expect, it } from 'vitest';
import { confluentClient } from '../../../electron/core/schemas/contracts/confluent-client';
import { parseContract } from '../../../electron/core/schemas/contracts/contract-file';
import { fieldsRead } from '../../../electron/core/schemas/contracts/fields-read';
import { celProblem, PROTOBUF_MIGRATIONS, runRules, type RunInput } from '../../../electron/core/schemas/contracts/rule-runner';
import { changedFields } from '../../../electron/core/schemas/contracts/transform-changes';
import type { Rule, SchemaType } from '../../../shared/model/schemas';

const AVRO = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'email', type: 'string', 'confluent:tags': ['PII'] },
  ],
});
const JSON_SCHEMA = JSON.stringify({
  type: 'object',
  properties: { id: { type: 'integer' }, amount: { type: 'number' }, email: { type: 'string', 'confluent:tags': ['PII'] } },
  required: ['id', 'amount', 'email'],
});

describe('contract files', () => {
  it('reads YAML and JSON in the shape the registry stores (schema, metadata, ruleSet)', () => {
    const yaml = `subject: orders-value
schemaType: AVRO
schema: |
  ${AVRO}
metadata:
  properties: { owner: shop-team }
ruleSet:
  domainRules:
    - name: positive
      kind: CONDITION
      mode: WRITE
      type: CEL
      expr: message.amount > 0.0
      onFailure: DLQ
`;
    const c = parseContract(yaml, 'orders.yaml');
    expect(c.subject).toBe('orders-value');
    expect(c.draft).toMatchObject({ schemaType: 'AVRO', metadata: { properties: { owner: 'shop-team' } }, ruleSet: { domainRules: [{ name: 'positive', type: 'CEL', onFailure: 'DLQ' }] } });
    expect(JSON.parse(c.draft.schema)).toMatchObject({ name: 'Order' });
    const json = parseContract(JSON.stringify({ schemaType: 'JSON', schema: JSON_SCHEMA }), 'c.json');
    expect(json.draft).toMatchObject({ schemaType: 'JSON', references: [] });
  });

  it('reads schemaFile through the given reader, relative names kept', () => {
    const c = parseContract('schemaFile: order.avsc\n', 'c.yaml', (path) => (path === 'order.avsc' ? AVRO : ''));
    expect(c.draft.schema).toBe(AVRO);
    expect(() => parseContract('schemaFile: order.avsc\n', 'c.yaml')).toThrow(/schemaFile "order.avsc" can only be read by the CLI/);
    expect(() =>
      parseContract('schemaFile: gone.avsc\n', 'c.yaml', () => {
        throw new Error('ENOENT: no such file');
      }),
    ).toThrow(/c.yaml: cannot read schemaFile "gone.avsc": ENOENT/);
  });

  it.each([
    ['schema: [unclosed\n', 'c.yaml', /c.yaml is not valid YAML at line \d+, column \d+/],
    ['ruleSet:\n  domainRules:\n    - name: a\n        kind: CONDITION\n', 'c.yaml', /^c.yaml is not valid YAML at line 3, column 13: Nested mappings are not allowed in compact mappings$/],
    ['{"schema": ', 'c.json', /c.json is not valid JSON/],
    ['- a\n- b\n', 'c.yaml', /a contract is a mapping with schemaType, schema/],
    ['schema: x\nrulez: []\n', 'c.yaml', /c.yaml: \(top level\): unknown key rulez/],
    ['schema: x\nschemaFile: y\n', 'c.yaml', /either inline \("schema"\) or as a file \("schemaFile"\), not both or neither/],
    ['schemaType: XML\nschema: x\n', 'c.yaml', /c.yaml: schemaType: /],
    ['schema: x\nruleSet:\n  domainRules:\n    - name: r\n      mode: SOMETIMES\n      type: CEL\n', 'c.yaml', /c.yaml: ruleSet.domainRules.0.mode: /],
  ])('an invalid contract %j is refused by name', (text, name, message) => {
    expect(() => parseContract(text, name)).toThrow(message);
  });
});

describe('CEL problems and the fields a rule reads', () => {
  it('names a CEL expression that does not compile, guard included', () => {
    expect(celProblem('message.amount > 0.0')).toBeNull();
    expect(celProblem('message.status == "paid" ; message.amount >= 10.0')).toBeNull();
    expect(celProblem('message.amount >')).toMatch(/^1:16: found >/);
    expect(celProblem('message.a == "x" ; message.b ==')).not.toBeNull();
    expect(celProblem('  ')).toBe('the expression is empty');
  });

  it('lists message fields with their values, not method calls', () => {
    const msg = { amount: -3, customer: { email: 'x' }, big: 9007199254740993n, raw: new Uint8Array([1, 255]) };
    expect(fieldsRead('message.amount > 0.0 && message.customer.email.endsWith(".com")', msg)).toEqual([
      { path: 'amount', value: -3 },
      { path: 'customer.email', value: 'x' },
    ]);
    expect(fieldsRead("message['big'] > 0 && size(message.raw) > 0 && message.missing.x == 1", msg)).toEqual([
      { path: 'big', value: '9007199254740993' },
      { path: 'raw', value: '01ff' },
      { path: 'missing.x', value: undefined },
    ]);
  });
});

const rule = (r: Partial<Rule> & { name: string }): Rule => ({ kind: 'CONDITION', mode: 'WRITE', type: 'CEL', ...r });
const ORDERS = [
  { id: 1, amount: 12.5, email: 'a@shop.com' },
  { id: 2, amount: -3.5, email: 'b@shop.com' },
  { id: 3, amount: 0.5, email: 'not-an-email' },
];

/** Pasted records through Confluent's own serializers with its in-memory registry client: no registry needed. */
function run(type: SchemaType, schema: string, rules: Rule[], values: unknown[] = ORDERS) {
  const input: RunInput = {
    type,
    subject: 'pasted-value',
    topic: 'pasted',
    part: 'value',
    client: confluentClient(null),
    tested: { id: 0, version: 1, subject: 'pasted-value', schemaType: type, schema, references: [] },
    ruleSet: { domainRules: rules },
    records: values.map((value, index) => ({ index, value })),
    maxFailures: 10,
  };
  return runRules(input);
}

describe('rules on pasted records, run by Confluent’s executors', () => {
  for (const [type, schema] of [
    ['AVRO', AVRO],
    ['JSON', JSON_SCHEMA],
  ] as const) {
    it(`${type}: CEL and CEL_FIELD conditions per record, with the failing fields`, async () => {
      const r = await run(type, schema, [
        rule({ name: 'positive', expr: 'message.amount > 0.0', onFailure: 'DLQ' }),
        rule({ name: 'pii-has-at', type: 'CEL_FIELD', tags: ['PII'], expr: 'value.contains("@")' }),
        rule({ name: 'mask', type: 'CEL_FIELD', kind: 'TRANSFORM', tags: ['PII'], expr: '"***"' }),
        rule({ name: 'jsonata-ok', type: 'JSONATA', kind: 'TRANSFORM', expr: '$' }),
      ]);
      expect(r.decoded).toBe(3);
      expect(r.rules.map((x) => [x.name, x.tested, x.passed, x.failed, x.errors])).toEqual([
        ['positive', 3, 2, 1, 0],
        ['pii-has-at', 3, 2, 1, 0],
        ['mask', 3, 3, 0, 0],
        ['jsonata-ok', 3, 3, 0, 0],
      ]);
      expect(r.failures).toEqual([
        { rule: 'positive', outcome: 'failed', index: 1, message: "Expr failed: 'message.amount > 0.0'", fields: [{ path: 'amount', value: -3.5 }] },
        expect.objectContaining({ rule: 'pii-has-at', outcome: 'failed', index: 2, fields: [{ path: expect.stringMatching(/email$/), value: 'not-an-email' }] }),
      ]);
    });
  }

  for (const [type, schema] of [
    ['AVRO', AVRO],
    ['JSON', JSON_SCHEMA],
  ] as const) {
    it(`${type}: what each TRANSFORM rule made of each record, field by field (a transform that changes nothing lists nothing)`, async () => {
      const r = await run(type, schema, [
        rule({ name: 'mask', type: 'CEL_FIELD', kind: 'TRANSFORM', tags: ['PII'], expr: 'value.contains("@") ; "***"' }),
        rule({ name: 'double', type: 'JSONATA', kind: 'TRANSFORM', expr: '$merge([$, {"amount": amount * 2}])' }),
        rule({ name: 'same', type: 'JSONATA', kind: 'TRANSFORM', expr: '$' }),
      ]);
      expect(r.rules.map((x) => [x.name, x.passed, x.changed])).toEqual([
        ['mask', 3, 2],
        ['double', 3, 3],
        ['same', 3, undefined],
      ]);
      expect(r.transforms.filter((t) => t.rule === 'mask')).toEqual([
        { rule: 'mask', index: 0, changes: [{ path: 'email', before: 'a@shop.com', after: '***' }] },
        { rule: 'mask', index: 1, changes: [{ path: 'email', before: 'b@shop.com', after: '***' }] },
      ]);
      expect(r.transforms.find((t) => t.rule === 'double' && t.index === 1)!.changes).toEqual([{ path: 'amount', before: -3.5, after: -7 }]);
    });
  }

  it('lists changed fields leaf by leaf: nested, in arrays, added and removed', () => {
    expect(changedFields({ a: 1, b: { c: 'x', d: [1, 2] }, gone: true, $typeName: 'x.Y' }, { a: 1, b: { c: 'y', d: [1, 3] }, added: 10n, $typeName: 'x.Y' })).toEqual([
      { path: 'b.c', before: 'x', after: 'y' },
      { path: 'b.d[1]', before: 2, after: 3 },
      { path: 'gone', before: true },
      { path: 'added', after: '10' },
    ]);
    expect(changedFields({ a: [1] }, { a: [1, 2] })).toEqual([{ path: 'a', before: [1], after: [1, 2] }]);
    expect(changedFields('x', 'y')).toEqual([{ path: '(the record)', before: 'x', after: 'y' }]);
  });

  it('a record that does not fit the schema is undecodable, not a rule failure', async () => {
    const r = await run('AVRO', AVRO, [rule({ name: 'positive', expr: 'message.amount > 0.0' })], [{ id: 1, amount: 'lots', email: 'x' }, ORDERS[0]]);
    expect(r.decoded).toBe(1);
    expect(r.undecodable).toEqual([{ index: 0, reason: expect.stringMatching(/invalid|amount/i) }]);
    expect(r.rules[0]).toMatchObject({ tested: 1, passed: 1 });
  });

  it('skips, by name, rules it cannot or must not run: disabled, uncompilable CEL, unknown executors, encoding rules, migrations without older records', async () => {
    const r = await runRules({
      type: 'JSON',
      subject: 's',
      topic: 't',
      part: 'value',
      client: confluentClient(null),
      tested: { id: 0, version: 1, subject: 's', schemaType: 'JSON', schema: JSON_SCHEMA, references: [] },
      ruleSet: {
        domainRules: [
          rule({ name: 'off', expr: 'true', disabled: true }),
          rule({ name: 'broken', expr: 'message.amount >' }),
          rule({ name: 'custom', type: 'MY_EXECUTOR', expr: 'x' }),
        ],
        encodingRules: [rule({ name: 'encrypt', type: 'ENCRYPT', kind: 'TRANSFORM' })],
        migrationRules: [
          rule({ name: 'up', type: 'JSONATA', kind: 'TRANSFORM', mode: 'UPGRADE', expr: '$' }),
          rule({ name: 'down', type: 'JSONATA', kind: 'TRANSFORM', mode: 'DOWNGRADE', expr: '$' }),
        ],
      },
      records: [{ index: 0, value: ORDERS[0] }],
      maxFailures: 10,
    });
    expect(Object.fromEntries(r.rules.map((x) => [x.name, x.skipped]))).toEqual({
      off: 'disabled',
      broken: expect.stringMatching(/^its CEL does not compile: /),
      custom: expect.stringMatching(/a MY_EXECUTOR rule needs an executor Floe does not run/),
      encrypt: expect.stringMatching(/an encoding rule/),
      up: 'a migration rule runs on records written with another version: test it over a topic',
      down: 'a migration rule runs on records written with another version: test it over a topic',
    });
    expect(r.rules.filter((x) => x.invalid).map((x) => x.name)).toEqual(['broken']);
  });

  it('says precisely why a DOWNGRADE migration is not run: no reader version chosen, a draft no record is written with', async () => {
    const down = rule({ name: 'down', type: 'JSONATA', kind: 'TRANSFORM', mode: 'DOWNGRADE', expr: '$' });
    const skipped = async (id: number, type: SchemaType = 'JSON') =>
      (
        await runRules({
          type,
          subject: 's',
          topic: 't',
          part: 'value',
          client: confluentClient(null),
          tested: { id, version: 3, subject: 's', schemaType: type, schema: type === 'JSON' ? JSON_SCHEMA : 'syntax = "proto3"; message M { int32 a = 1; }', references: [] },
          ruleSet: { migrationRules: [down] },
          records: [{ partition: 0, offset: 0, bytes: Buffer.from([0, 0, 0, 0, 9, 0]) }],
          maxFailures: 10,
        })
      ).rules[0]!.skipped;
    expect(await skipped(7)).toBe('a DOWNGRADE migration runs for a consumer that reads with an older version: choose a reader version older than 3 to run it on the records written with version 3 or newer');
    expect(await skipped(0)).toMatch(/no record is written with a schema that is not registered: test a registered version$/);
    expect(await skipped(7, 'PROTOBUF')).toBe(PROTOBUF_MIGRATIONS);
  });

  it('cuts the failure list at maxFailures but keeps the counts whole', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: i, amount: -1 - i, email: 'a@b' }));
    const r = await run('JSON', JSON_SCHEMA, [rule({ name: 'positive', expr: 'message.amount > 0.0' })], many);
    expect(r.rules[0]).toMatchObject({ tested: 25, failed: 25 });
    expect(r.failures).toHaveLength(10);
    expect(r.truncated).toBe(true);
  });
});
