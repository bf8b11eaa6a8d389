import { describe, expect, it } from 'vitest';
import { GroupTransformer } from '../../../electron/core/replay/group-transform';
import type { ProfileRegistry } from '../../../electron/core/registry/registry-clients';
import type { RegisteredSchema } from '../../../electron/core/registry/schema-lookup';
import { parseExactJson } from '../../../shared/exact-json';
import type { DlqRecord } from '../../../shared/model/dlq';
import { GroupTransform } from '../../../shared/model/replay-transform';

const ORDER = JSON.stringify({
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'amount', type: 'double' },
    { name: 'customer', type: { type: 'record', name: 'Customer', fields: [{ name: 'email', type: 'string' }] } },
  ],
});
const order: RegisteredSchema = { id: 7, schemaType: 'AVRO', schema: ORDER, references: [], resolvedReferences: new Map() };
/** A registry that holds one subject, orders-value, at schema id 7: the real Avro encoder validates against it. */
const registry = {
  subjects: { get: async (subject: string) => (subject === 'orders-value' ? { subject, version: 1, id: 7 } : Promise.reject(new Error(`no subject ${subject}`))) },
  schemas: { get: async () => order },
} as unknown as ProfileRegistry;

function dead(offset: number, value: unknown, kind: DlqRecord['value']['kind'] = 'json', headers: Record<string, string> = {}): DlqRecord {
  return {
    partition: 1,
    offset,
    timestamp: 1_700_000_000_000 + offset,
    groupId: 'abc123',
    error: { convention: 'connect', problems: [] },
    key: { kind: 'string', value: `k-${offset}`, size: 3 },
    value: { kind, value, size: 10, ...(kind === 'avro' ? { wire: { magic: 0, schemaId: 7 } } : {}) },
    headers: Object.entries(headers).map(([key, v]) => ({ key, value: v })),
    size: 40,
    source: { state: 'present' },
  } as DlqRecord;
}

const run = async (t: GroupTransform, records: DlqRecord[], reg: ProfileRegistry | null = null) => {
  const x = new GroupTransformer(GroupTransform.parse(t), reg);
  for (const r of records) await x.add(r);
  return x.result;
};

describe('one transform for a group of dead letters', () => {
  it('sets fields from CEL over the record as it came (nested paths made, integers exact), removes fields, and previews before → after', async () => {
    const r = await run(
      { set: [{ path: 'amount', expr: 'double(value.amount_text)' }, { path: 'meta.fixedBy', expr: 'headers["who"]' }, { path: 'id', expr: 'int(value.id) + 1' }], remove: ['amount_text'] },
      [dead(3, { id: 9007199254740993n, amount_text: '12.5' }, 'json', { who: 'ops' })],
    );
    expect(r.problems).toEqual([]);
    expect(r.edits).toEqual([{ partition: 1, offset: 3, value: { encoding: 'json', text: '{"id":9007199254740994,"amount":12.5,"meta":{"fixedBy":"ops"}}' } }]);
    expect(r.previews[0]).toMatchObject({ before: '{"id":9007199254740993,"amount_text":"12.5"}', after: (r.edits[0]!.value as { text: string }).text });
    expect(parseExactJson((r.edits[0]!.value as { text: string }).text)).toMatchObject({ id: 9007199254740994n });
  });

  it('every expression reads the original value, not a field another one just set', async () => {
    const r = await run({ set: [{ path: 'a', expr: 'value.b' }, { path: 'b', expr: 'value.a' }] }, [dead(0, { a: 1, b: 2 })]);
    expect((r.edits[0]!.value as { text: string }).text).toBe('{"a":2,"b":1}');
  });

  it('a condition changes only the records it holds for; the others are counted and replayed unchanged', async () => {
    const r = await run({ when: 'value.amount == "twelve"', set: [{ path: 'amount', expr: '12.0' }] }, [dead(0, { amount: 'twelve' }), dead(1, { amount: 'eleven' }), dead(2, { amount: 'twelve' })]);
    expect(r.edits.map((e) => e.offset)).toEqual([0, 2]);
    expect(r).toMatchObject({ unchanged: 1, failed: 0, scanned: 3 });
  });

  it('type errors and non-object values are problems naming the record and the field, the others still transform', async () => {
    const r = await run({ set: [{ path: 'amount', expr: 'value.amount * 2.0' }] }, [dead(0, { amount: 'twelve' }), dead(1, 42), dead(2, { amount: 2.5 })]);
    expect(r.edits.map((e) => e.offset)).toEqual([2]);
    expect(r.failed).toBe(2);
    expect(r.problems[0]).toMatchObject({ partition: 1, offset: 0, message: expect.stringMatching(/^amount: no such overload: dyn<string> \* double/) });
    expect(r.problems[1]).toMatchObject({ partition: 1, offset: 1, message: 'the value is not a JSON object (fix this record by hand)' });
    expect(r.previews.find((p) => p.offset === 0)).toMatchObject({ after: null, problem: r.problems[0]!.message });
  });

  it('a condition that cannot be evaluated is a problem, not a skip', async () => {
    const r = await run({ when: 'value.amount > 1.0', set: [{ path: 'x', expr: '1' }] }, [dead(5, { amount: 'x' })]);
    expect(r.problems[0]).toMatchObject({ offset: 5, message: expect.stringMatching(/^when: /) });
  });

  it('a result a path cannot hold (a field inside a list) or JSON cannot hold (a duration) is named', async () => {
    const r = await run({ set: [{ path: 'lines.qty', expr: '1' }, { path: 'wait', expr: 'duration("1s")' }] }, [dead(0, { lines: [1] }), dead(1, { lines: {} })]);
    expect(r.problems.map((p) => p.message)).toEqual(['wait: the expression gives a Duration, which JSON cannot hold (make it a string, a number or a map)', 'wait: the expression gives a Duration, which JSON cannot hold (make it a string, a number or a map)']);
    const s = await run({ set: [{ path: 'lines.qty', expr: '1' }] }, [dead(0, { lines: [1] })]);
    expect(s.problems[0]!.message).toBe('lines.qty: lines is a list, not an object');
  });

  it('encodes each result with the target subject: a valid one is an edit, a schema-invalid one names the record and the field', async () => {
    const avro = (offset: number, amount: unknown) => dead(offset, { id: 1, amount, customer: { email: 'a@b.c' } }, 'avro');
    const r = await run({ set: [{ path: 'amount', expr: 'double(value.amount)' }, { path: 'customer.email', expr: 'value.customer.email == "" ? 1 : value.customer.email' }], encoding: { kind: 'schema', subject: 'orders-value' } }, [
      avro(0, '12.5'),
      dead(1, { id: 2, amount: '3', customer: { email: '' } }, 'avro'),
    ], registry);
    expect(r.edits).toEqual([{ partition: 1, offset: 0, value: { encoding: 'schema', subject: 'orders-value', text: '{"id":1,"amount":12.5,"customer":{"email":"a@b.c"}}' } }]);
    expect(r.problems).toEqual([{ partition: 1, offset: 1, message: 'value: does not match the Avro schema at /customer/email', path: '/customer/email' }]);
  });

  it('an Avro value fixed without a subject is refused rather than sent back as JSON text', async () => {
    const r = await run({ set: [{ path: 'amount', expr: '1.0' }] }, [dead(0, { amount: 'x' }, 'avro')]);
    expect(r.problems[0]!.message).toMatch(/^the value was avro \(schema id 7\): name the subject/);
  });

  it('bad transforms are refused up front with where they go wrong', async () => {
    expect(() => new GroupTransformer(GroupTransform.parse({ set: [{ path: 'amount', expr: 'value.amount +' }] }), null)).toThrow(/^The expression for amount does not parse: .* at line 1, column/);
    expect(() => new GroupTransformer(GroupTransform.parse({ when: 'value.a', set: [{ path: 'a', expr: 'nope.x' }] }), null)).toThrow(/^The expression for a is not valid: /);
    expect(() => new GroupTransformer(GroupTransform.parse({ when: '1 + 1', set: [{ path: 'a', expr: '1' }] }), null)).toThrow(/^Filter must be true or false/);
    expect(GroupTransform.safeParse({ set: [] }).error?.issues[0]?.message).toBe('a transform sets or removes at least one field');
    expect(GroupTransform.safeParse({ set: [{ path: 'a..b', expr: '1' }] }).error?.issues[0]?.message).toBe('a field path such as amount or customer.email');
  });
});
