import { describe, expect, it } from 'vitest';
import { causeId, causeOf, CauseClassifier, messageTemplate } from '../../../electron/core/dlq/cause';
import { looksLikeDlq } from '../../../electron/core/dlq/discovery';
import type { DlqError } from '../../../shared/model/dlq';

describe('message templates', () => {
  it.each([
    ['Value (twelve) was out of range for requested data type', 'Value (…) was out of range for requested data type'],
    ['For input string: "eleven"', 'For input string: "…"'],
    ["Unrecognized token 'bogus': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "Unrecognized token '…': was expecting (JSON String, Number, Array, Object or token '…', '…' or '…')"],
    ['Invalid UTF-32 character 0x1870e00 (above 0x0010ffff) at char #1, byte #7)', 'Invalid UTF-<n> character <hex> (above <hex>) at char #<n>, byte #<n>)'],
    ['offset 12345 of orders-3 is -0.5e3 away', 'offset <n> of orders-<n> is <n> away'],
    ['order 7f3e9a1c-1b2d-4e5f-8a9b-0c1d2e3f4a5b has no customer deadbeef42', 'order <uuid> has no customer <hex>'],
    ['keeps java.lang.Long, utf8, Cast$Value and v2 as they are', 'keeps java.lang.Long, utf8, Cast$Value and v2 as they are'],
    ['first line only\n at [Source: x; line: 1]', 'first line only'],
  ])('%s', (message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });

  it('cuts very long messages', () => {
    expect(messageTemplate('x'.repeat(1000))!.length).toBe(300);
    expect(messageTemplate(undefined)).toBeNull();
  });
});

describe('causes', () => {
  const error = (message: string, extra: Partial<DlqError> = {}): DlqError => ({ convention: 'connect', exceptionClass: 'E', message, stage: 'TRANSFORMATION', connector: 'c', source: { topic: 't', partition: 0, offset: 1 }, problems: [], ...extra });

  it('one id for the same failure with different values, another for another stage, root cause or source topic', () => {
    const a = causeOf(error('Value (twelve) was out of range'));
    const b = causeOf(error('Value (eleven) was out of range', { source: { topic: 't', partition: 5, offset: 99 } }));
    expect(causeId(a, 'connect')).toBe(causeId(b, 'connect'));
    expect(causeId(a, 'connect')).toMatch(/^[0-9a-f]{12}$/);
    for (const other of [{ stage: 'VALUE_CONVERTER' }, { source: { topic: 'u' } }, { rootCause: { exceptionClass: 'X', message: '' } }, { connector: 'd' }])
      expect(causeId(causeOf(error('Value (twelve) was out of range', other)), 'connect')).not.toBe(causeId(a, 'connect'));
    expect(causeId(a, 'spring')).not.toBe(causeId(a, 'connect'));
  });

  it('the classifier gives what causeOf and causeId give', () => {
    const c = new CauseClassifier();
    const e = error('Value (nine) was out of range');
    expect(c.classify(e)).toEqual({ id: causeId(causeOf(e), 'connect'), cause: causeOf(e) });
    expect(c.classify(e)).toBe(c.classify({ ...e }));
  });
});

describe('DLQ names', () => {
  it.each(['orders-dlq', 'orders.dlq', 'dlq-orders', 'orders_DLQ', 'orders.DLT', 'orders-dlt', 'orders-dead-letter', 'orders.deadletters', 'dead-letter-queue.orders', 'deadletterqueue'])('%s is a candidate', (name) => {
    expect(looksLikeDlq(name)).toBe(true);
  });
  it.each(['orders', 'dlqueue', 'headlines', 'orders-dlqx', 'adult'])('%s is not', (name) => {
    expect(looksLikeDlq(name)).toBe(false);
  });
});
