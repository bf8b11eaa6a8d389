import { describe, expect, it } from 'vitest';
import { FAILS, UNSURE, quickFilter } from '../../../electron/core/messages/cel-quick';
import { compileFilter } from '../../../electron/core/messages/cel-filter';
import { evaluationMessage, type FilterContext } from '../../../electron/core/messages/filter-model';
import { Environment } from '@marcbachmann/cel-js';

const environment = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false }).registerVariable('key', 'dyn').registerVariable('value', 'dyn');

/** A filter's answer (or its error message) through CEL only, and with the shortcut. */
function answers(source: string, context: FilterContext): { cel: boolean | string; quick: boolean | string } {
  const run = (quick: boolean) => {
    try {
      return compileFilter(source, { quick }).test(context);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return { cel: run(false), quick: run(true) };
}

const context = (value: unknown, key: unknown = null): FilterContext => ({ partition: 0, offset: 0, size: 0, value, key });

const FILTERS = [
  'value.amount > 995.0',
  'value.amount >= 995.5',
  'value.amount < 1.5',
  'value.amount <= -0.0',
  'value.amount == 996.0',
  'value.amount != 996.0',
  '995.0 < value.amount',
  '1e3 >= value.amount',
  'value.amount > 995',
  'value.status == "failed"',
  'value.status != "failed"',
  '"failed" == value.status',
  'value.status < "b"',
  'value.status == "failed" && value.amount > 500.0',
  'value.status == "failed" && value.amount > 500.0 && value.currency == "EUR"',
  'value == null || value.amount > 995.0',
  'value != null && value.amount > 995.0',
  'value.amount > 995.0 || value.status == "failed"',
  '!(value.status == "failed")',
  '!(value.amount > 1.0) || value.nested.n == 2.0',
  'value.nested.n == 2.0',
  'value.nested.s == "x" && key.k == "a"',
  'key == null',
  'key.k == "a" || value.amount < 0.0',
  'value.?amount.orValue(0.0) > 1.0 && value.amount > 2.0',
  'value["amount"] > 1.0 || value.status == "ok"',
  'size > 10 && value.amount > 1.0',
  'int(value.id) % 3 == 0 || value.status == "failed"',
];

const VALUES: unknown[] = [
  { amount: 996, status: 'failed', currency: 'EUR', id: 3 },
  { amount: 995, status: 'ok', currency: 'USD', id: 4 },
  { amount: 995.5, status: 'failed', currency: 'EUR', id: 5 },
  { amount: -0, status: 'a', currency: 'GBP', id: 6 },
  { amount: NaN, status: 'é', id: 7 },
  { amount: Infinity, status: '😀' },
  { amount: 10n ** 20n, status: 'failed' },
  { amount: -(10n ** 20n), status: 'failed' },
  { amount: '999', status: 5 },
  { amount: null, status: null },
  { amount: true, status: ['failed'] },
  { amount: { n: 1 }, status: { failed: true } },
  { status: 'failed' },
  { amount: 1000 },
  {},
  { nested: { n: 2, s: 'x' }, amount: 2 },
  { nested: { n: 2n, s: 5 }, amount: 0.5 },
  { nested: null, amount: 3 },
  { nested: [1], amount: 3 },
  JSON.parse('{"__proto__": {"amount": 1}, "amount": 5, "status": "ok"}'),
  Object.assign(Object.create(null), { amount: 996, status: 'failed' }),
  new Map<string, unknown>([
    ['amount', 996],
    ['status', 'failed'],
  ]),
  [1, 2],
  'text',
  5,
  null,
  new Date(0),
];

const KEYS: unknown[] = [null, { k: 'a' }, { k: 'b' }, 'k1', {}];

describe('CEL shortcut for simple comparisons', () => {
  it('answers as CEL does, or leaves the record to CEL, for every filter and value', () => {
    let quickAnswers = 0;
    let cases = 0;
    for (const source of FILTERS) {
      const quick = quickFilter(environment.parse(source).ast);
      for (const value of VALUES)
        for (const key of KEYS) {
          const c = context(value, key);
          const { cel, quick: both } = answers(source, c);
          expect(both, `${source} on ${String(JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)))}`).toEqual(cel);
          const q = quick?.(c) ?? UNSURE;
          if (q === FAILS) expect(cel).toMatch(/^error: /); // it fails only where CEL fails
          else if (q !== UNSURE) {
            expect(q).toBe(cel); // never an answer where CEL gives an error
            quickAnswers++;
          }
          cases++;
        }
    }
    expect(cases).toBe(FILTERS.length * VALUES.length * KEYS.length);
    expect(quickAnswers).toBeGreaterThan(cases / 4);
  });

  it("evaluates as CEL does, error messages included, while it reuses CEL's message for each way a filter fails", () => {
    let fromMemo = 0;
    for (const source of FILTERS) {
      // One compiled filter for every record, as a scan has: what it learns of one record's failure serves the next.
      const filter = compileFilter(source);
      const cel = compileFilter(source, { quick: false });
      const celAnswer = (c: FilterContext) => {
        try {
          return cel.test(c);
        } catch (e) {
          return evaluationMessage(e);
        }
      };
      for (let round = 0; round < 2; round++)
        for (const value of VALUES)
          for (const key of KEYS) {
            const c = context(value, key);
            const expected = celAnswer(c);
            expect(filter.evaluate(c), `${source} on ${String(JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)))}`).toEqual(expected);
            if (round === 1 && typeof expected === 'string' && quickFilter(environment.parse(source).ast)?.(c) === FAILS) fromMemo++;
          }
    }
    expect(fromMemo).toBeGreaterThan(100);
  });

  it('fails a comparison on a missing field, a step into null or a string, or an ordering of another type; leaves equality across types to CEL', () => {
    const q = (source: string) => quickFilter(environment.parse(source).ast)!;
    expect(q('value.amount > 1.0')(context({ status: 'ok' }))).toBe(FAILS);
    expect(q('value.amount > 1.0')(context('00beef'))).toBe(FAILS);
    expect(q('value.nested.n == 2.0')(context({ nested: null }))).toBe(FAILS);
    expect(q('value.amount > 1.0')(context({ amount: 'x' }))).toBe(FAILS);
    expect(q('value.amount == 1.0')(context({ amount: 'x' }))).toBe(UNSURE);
    expect(q('value.amount > 1.0')(context({ amount: 5n }))).toBe(UNSURE);
    // An error absorbed by && and ||, as in CEL.
    expect(q('value.missing > 1.0 && value.status == "ok"')(context({ status: 'no' }))).toBe(false);
    expect(q('value.missing > 1.0 || value.status == "ok"')(context({ status: 'ok' }))).toBe(true);
    expect(q('!(value.missing > 1.0)')(context({}))).toBe(FAILS);
  });

  it('covers the bench filters and leaves int literals, ordering of strings, indexing and other variables to CEL', () => {
    const covers = (source: string) => quickFilter(environment.parse(source).ast) !== null;
    expect(covers('value.status == "failed" && value.amount > 500.0 && value.currency == "EUR"')).toBe(true);
    expect(covers('value == null || value.amount > 995.0')).toBe(true);
    expect(covers('value.amount > 995')).toBe(false);
    expect(covers('value.status < "b"')).toBe(false);
    expect(covers('value["amount"] > 1.0')).toBe(false);
    expect(covers('offset > 5.0')).toBe(false);
    // A side it does not cover still decides when the other side settles it (CEL's && and ||).
    const q = quickFilter(environment.parse('value["a"] > 1.0 && value.b == "x"').ast)!;
    expect(q(context({ a: 5, b: 'y' }))).toBe(false);
    expect(q(context({ a: 5, b: 'x' }))).toBe(UNSURE);
  });
});
