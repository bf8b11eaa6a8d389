import { describe, expect, it } from 'vitest';
import { checkFilter, compileFilter } from '../../../electron/core/messages/cel-filter';
import { csvRow, exportRow, kcatCommand } from '../../../electron/core/messages/export-format';
import { preview } from '../../../electron/core/messages/record-view';
import { resetTarget } from '../../../electron/cli/commands/group-reset';
import { fromFlag } from '../../../electron/cli/commands/consume';
import type { BrowseRecord } from '../../../shared/model/messages';

const ctx = { partition: 1, offset: 42, size: 10, key: 'order-7', value: { id: 7, amount: 150.5, tags: ['a'], nested: { ok: true } }, headers: { trace: 'abc' }, timestamp: new Date('2024-05-01T00:00:00Z') };

describe('CEL filters', () => {
  it('evaluates over key, value fields, headers, partition, offset and timestamp', () => {
    const t = (src: string) => compileFilter(src).test(ctx);
    expect(t('value.amount > 100')).toBe(true);
    expect(t('value.id == 7 && key.startsWith("order-")')).toBe(true);
    expect(t('headers.trace == "abc" && partition == 1 && offset >= 42')).toBe(true);
    expect(t('"a" in value.tags && value.nested.ok')).toBe(true);
    expect(t('timestamp < timestamp("2024-06-01T00:00:00Z")')).toBe(true);
    expect(t('has(value.missing)')).toBe(false);
    expect(() => t('value.missing == 1')).toThrow(/No such key: missing/);
  });

  it('knows which top-level value fields a filter reads, when it reads value only through them', () => {
    const fields = (src: string) => compileFilter(src).valueFields;
    expect(fields('value.a == 1 && has(value.b) && value.c.d > 2.0 && key == "k"')).toEqual(new Set(['a', 'b', 'c']));
    expect(fields('value.items.exists(x, x.q > 1)')).toEqual(new Set(['items']));
    expect(fields('value.?opt.orValue(1) == 1')).toEqual(new Set(['opt']));
    expect(fields('value["a"] == 1')).toBeNull();
    expect(fields('value == null || value.a == 1')).toBeNull();
    expect(fields('size(value) > 2')).toBeNull();
    expect(fields('key == "k"')).toBeNull();
  });

  it('knows which variables an expression reads, so a scan decodes only those', () => {
    expect([...compileFilter('value.a == 1').uses]).toEqual(['value']);
    expect([...compileFilter('offset > 5 && headers.x == "y"').uses]).toEqual(['headers', 'offset']);
    expect([...compileFilter('key.exists(c, c == "x") || size > 3').uses]).toEqual(['key', 'size']);
  });

  it('finds the string literals a match requires (top-level && only), for the scan to rule records out undecoded', () => {
    expect(compileFilter('value.status == "failed" && value.amount > 1 && "EUR" == value.a.currency').required).toEqual([
      { variable: 'value', path: ['status'], literal: 'failed' },
      { variable: 'value', path: ['a', 'currency'], literal: 'EUR' },
    ]);
    expect(compileFilter('value.status == "failed" || value.x == "y"').required).toEqual([]);
    expect(compileFilter('!(value.status == "failed")').required).toEqual([]);
    expect(compileFilter('key.id == "k" && headers.h == "v"').required).toEqual([{ variable: 'key', path: ['id'], literal: 'k' }]);
  });

  it('points at the line and column of a syntax error, an unknown variable or a non-boolean result', () => {
    expect(checkFilter('value.a == ')).toMatchObject({ ok: false, line: 1, column: 12, message: expect.stringMatching(/^Filter does not parse: Unexpected token: EOF at line 1, column 12/) });
    expect(checkFilter('value.a == 1 &&\n  (offset > ')).toMatchObject({ ok: false, line: 2 });
    expect(checkFilter('vlaue.a == 1')).toMatchObject({ ok: false, line: 1, column: 1, message: expect.stringMatching(/Unknown variable: vlaue/) });
    expect(checkFilter('offset + 1')).toMatchObject({ ok: false, message: expect.stringMatching(/must be true or false/) });
  });
});

const record = (over: Partial<BrowseRecord>): BrowseRecord => ({
  partition: 0,
  offset: 5,
  timestamp: Date.UTC(2024, 0, 1),
  timestampType: 'create',
  key: { kind: 'string', value: 'k', size: 1 },
  value: { kind: 'json', value: { a: 'x,"y"' }, size: 11 },
  headers: [],
  size: 12,
  keyPreview: 'k',
  valuePreview: '',
  ...over,
});

describe('export and copy formats', () => {
  it('writes RFC 4180 CSV with quotes, commas and newlines escaped', () => {
    expect(csvRow('t', record({}))).toBe('t,0,5,2024-01-01T00:00:00.000Z,k,"{""a"":""x,\\""y\\""""}",,,\r\n');
    const broken = record({ value: { kind: 'hex', value: '01ff', size: 2, error: 'wrong magic byte 0x01' }, headers: [{ key: 'h', value: 'line1\nline2' }] });
    expect(csvRow('t', broken)).toBe('t,0,5,2024-01-01T00:00:00.000Z,k,01ff,"{""h"":""line1\\nline2""}",,value: wrong magic byte 0x01\r\n');
    const fellBack = record({ value: { kind: 'string', value: '{"a": }', size: 7, fallback: 'not valid JSON: Unexpected token' } });
    expect(csvRow('t', fellBack)).toBe('t,0,5,2024-01-01T00:00:00.000Z,k,"{""a"": }",,,value: auto fell back: not valid JSON: Unexpected token\r\n');
    expect(exportRow('t', fellBack).valueFormat).toEqual({ format: 'string', fallback: 'not valid JSON: Unexpected token' });
  });

  it('builds a kcat command with security settings but no password', () => {
    expect(kcatCommand({ bootstrap: ['a:9092', 'b:9092'], security: { protocol: 'PLAINTEXT' } }, 'orders', 2, 17)).toBe('kcat -C -b a:9092,b:9092 -t orders -p 2 -o 17 -c 1 -e -J');
    expect(kcatCommand({ bootstrap: ['a:9093'], security: { protocol: 'SASL_SSL', mechanism: 'SCRAM-SHA-512', username: 'me', caPem: 'x' } }, 'my topic', 0, 1)).toBe(
      "kcat -C -b a:9093 -t 'my topic' -p 0 -o 1 -c 1 -e -J -X security.protocol=sasl_ssl -X sasl.mechanisms=SCRAM-SHA-512 -X sasl.username=me -X ssl.ca.location=ca.pem -X \"sasl.password=$FLOE_KAFKA_PASSWORD\"",
    );
  });

  it('previews decoded parts on one line, at most 200 characters', () => {
    expect(preview({ kind: 'json', value: { a: 'multi\nline' }, size: 1 })).toBe('{"a":"multi\\nline"}');
    expect(preview({ kind: 'string', value: 'x'.repeat(500), size: 500 })).toHaveLength(200);
    expect(preview({ kind: 'null', value: null, size: 0 })).toBe('');
  });
});

describe('CLI flag parsing', () => {
  it('reads --from as beginning, an offset or a time', () => {
    expect(fromFlag(undefined)).toEqual({ kind: 'all' });
    expect(fromFlag('end')).toBe('end');
    expect(fromFlag('10')).toEqual({ kind: 'offset', offset: 10 });
    expect(fromFlag('2024-01-01T00:00:00Z')).toEqual({ kind: 'time', from: Date.UTC(2024, 0, 1) });
    expect(fromFlag('@5')).toEqual({ kind: 'time', from: 5 });
    expect(() => fromFlag('yesterday')).toThrow(/^--from takes/);
  });

  it('reads --to for group-reset', () => {
    expect(resetTarget('earliest')).toEqual({ kind: 'earliest' });
    expect(resetTarget('offset:12')).toEqual({ kind: 'offset', offset: 12 });
    expect(resetTarget('shift:-3')).toEqual({ kind: 'shift', by: -3 });
    expect(resetTarget('timestamp:@1000')).toEqual({ kind: 'timestamp', timestamp: 1000 });
    expect(() => resetTarget('offset:x')).toThrow(/--to must be/);
  });
});
