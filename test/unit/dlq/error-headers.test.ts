import { describe, expect, it } from 'vitest';
import { conventionOf, errorSource, isErrorHeader, parseErrorHeaders, rootCauseOf } from '../../../electron/core/dlq/error-headers';
import type { RawHeader } from '../../../electron/core/kafka/record-batch';
import type { DlqMapping } from '../../../shared/model/dlq';

const h = (entries: Record<string, string | Buffer | null>): RawHeader[] => Object.entries(entries).map(([key, v]) => ({ key, value: typeof v === 'string' ? Buffer.from(v) : v }));
const be = (n: number, bytes: 4 | 8) => {
  const b = Buffer.alloc(bytes);
  if (bytes === 4) b.writeInt32BE(n);
  else b.writeBigInt64BE(BigInt(n));
  return b;
};

const TRACE = 'org.apache.kafka.connect.errors.DataException: Converting failed\n\tat A.b(A.java:1)\nCaused by: x.SerializationException: inner\n\tat C.d(C.java:2)\nCaused by: com.fasterxml.jackson.core.JsonParseException: Unrecognized token \'nope\': was expecting\n at [Source: x; line: 1]\n\tat E.f(E.java:3)\n';

describe('Kafka Connect error headers', () => {
  const headers = h({
    '__connect.errors.topic': 'orders',
    '__connect.errors.partition': '3',
    '__connect.errors.offset': '9007199254740991',
    '__connect.errors.connector.name': 'sink',
    '__connect.errors.task.id': '0',
    '__connect.errors.stage': 'VALUE_CONVERTER',
    '__connect.errors.class.name': 'org.apache.kafka.connect.json.JsonConverter',
    '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
    '__connect.errors.exception.message': 'Converting failed',
    '__connect.errors.exception.stacktrace': TRACE,
    'trace-id': 'abc',
  });

  it('reads every field, numbers from decimal text, the root cause from the last Caused by', () => {
    expect(parseErrorHeaders(headers)).toEqual({
      convention: 'connect',
      source: { topic: 'orders', partition: 3, offset: 9007199254740991 },
      connector: 'sink',
      taskId: '0',
      stage: 'VALUE_CONVERTER',
      className: 'org.apache.kafka.connect.json.JsonConverter',
      exceptionClass: 'org.apache.kafka.connect.errors.DataException',
      message: 'Converting failed',
      stacktrace: TRACE,
      rootCause: { exceptionClass: 'com.fasterxml.jackson.core.JsonParseException', message: "Unrecognized token 'nope': was expecting" },
      problems: [],
    });
  });

  it('leaves the stack trace undecoded when only the cause is wanted', () => {
    const e = parseErrorHeaders(headers, [], false);
    expect(e.stacktrace).toBeUndefined();
    expect(e.rootCause?.exceptionClass).toBe('com.fasterxml.jackson.core.JsonParseException');
  });

  it('says which headers are unreadable and keeps the rest', () => {
    const e = parseErrorHeaders(h({ '__connect.errors.topic': 'orders', '__connect.errors.partition': 'abc', '__connect.errors.offset': '-1', '__connect.errors.exception.message': Buffer.from([0xc3, 0x28]), '__connect.errors.stage': null }));
    expect(e).toEqual({ convention: 'connect', source: { topic: 'orders' }, problems: ['__connect.errors.partition is not a number ("abc")', '__connect.errors.offset is not a number ("-1")', '__connect.errors.exception.message is not UTF-8 text (2 bytes)'] });
  });

  it('a multi-line, tab-indented stack trace stays whole', () => {
    expect(parseErrorHeaders(headers).stacktrace!.split('\n')).toHaveLength(8);
  });
});

describe('Spring Kafka error headers', () => {
  it('reads partition and offset as big-endian int and long, the group as the connector', () => {
    const e = parseErrorHeaders(h({
      'kafka_dlt-original-topic': 'payments',
      'kafka_dlt-original-partition': be(7, 4),
      'kafka_dlt-original-offset': be(123456789012, 8),
      'kafka_dlt-original-timestamp': be(1700000000000, 8),
      'kafka_dlt-original-consumer-group': 'billing',
      'kafka_dlt-exception-fqcn': 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      'kafka_dlt-exception-cause-fqcn': 'java.lang.IllegalStateException',
      'kafka_dlt-exception-message': 'Listener failed',
    }));
    expect(e).toEqual({
      convention: 'spring',
      source: { topic: 'payments', partition: 7, offset: 123456789012 },
      connector: 'billing',
      exceptionClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      message: 'Listener failed',
      rootCause: { exceptionClass: 'java.lang.IllegalStateException', message: '' },
      originalTimestamp: 1700000000000,
      problems: [],
    });
  });

  it('reports a key that failed to deserialize', () => {
    const e = parseErrorHeaders(h({ 'kafka_dlt-key-exception-fqcn': 'x.KeyError', 'kafka_dlt-key-exception-message': 'bad key' }));
    expect(e).toMatchObject({ convention: 'spring', stage: 'KEY_DESERIALIZER', exceptionClass: 'x.KeyError', message: 'bad key' });
  });

  it('also takes numbers written as text', () => {
    expect(parseErrorHeaders(h({ 'kafka_dlt-original-topic': 't', 'kafka_dlt-original-partition': '12', 'kafka_dlt-original-offset': '34', 'kafka_dlt-exception-fqcn': 'E' })).source).toEqual({ topic: 't', partition: 12, offset: 34 });
  });
});

describe('mappings and conventions', () => {
  const mapping: DlqMapping = { name: 'legacy', headers: { exceptionClass: 'x-class', message: 'x-msg', sourceTopic: 'x-src', sourceOffset: 'x-off' }, prefix: 'x-ctx-' };

  it('reads a mapped convention, numbers binary or text', () => {
    expect(parseErrorHeaders(h({ 'x-class': 'com.acme.Boom', 'x-msg': 'boom', 'x-src': 'in', 'x-off': be(5, 8) }), [mapping])).toEqual({
      convention: 'mapping',
      mapping: 'legacy',
      source: { topic: 'in', offset: 5 },
      exceptionClass: 'com.acme.Boom',
      message: 'boom',
      problems: [],
    });
  });

  it('prefers Connect, then Spring, then mappings; no headers at all is said plainly', () => {
    expect(conventionOf(h({ 'kafka_dlt-exception-fqcn': 'a', '__connect.errors.stage': 'b' }))).toBe('connect');
    expect(conventionOf(h({ 'kafka_dlt-exception-fqcn': 'a', 'x-class': 'b' }), [mapping])).toBe('spring');
    expect(conventionOf(h({ 'x-msg': 'b' }), [mapping])).toBe('mapping');
    expect(conventionOf(h({ 'x-msg': 'b' }))).toBeNull();
    expect(parseErrorHeaders([])).toEqual({ convention: null, problems: ['the record has no headers'] });
    expect(parseErrorHeaders(h({ a: 'b' }))).toEqual({ convention: null, problems: ['the record carries no error headers of a known convention'] });
  });

  it('reads only the source (what a replay routes by) the same as the full parse, the last of a repeated header winning', () => {
    const cases: [RawHeader[], DlqMapping[]][] = [
      [h({ '__connect.errors.topic': 'orders', '__connect.errors.partition': '3', '__connect.errors.offset': '17' }), []],
      [[...h({ '__connect.errors.partition': '1' }), ...h({ '__connect.errors.topic': 'orders', '__connect.errors.partition': '4' })], []],
      [h({ '__connect.errors.topic': 'orders', '__connect.errors.partition': 'abc' }), []],
      [h({ 'kafka_dlt-original-topic': 'payments', 'kafka_dlt-original-partition': be(7, 4), 'kafka_dlt-original-offset': be(9, 8), 'kafka_dlt-exception-fqcn': 'E' }), []],
      [h({ 'x-class': 'com.acme.Boom', 'x-src': 'in', 'x-off': be(5, 8) }), [mapping]],
      [h({ a: 'b' }), [mapping]],
      [[], []],
    ];
    for (const [headers, mappings] of cases) expect(errorSource(headers, mappings)).toEqual(parseErrorHeaders(headers, mappings, false).source);
    expect(errorSource(cases[1]![0])).toEqual({ topic: 'orders', partition: 4 });
  });

  it('knows which headers describe the failure (removed on replay)', () => {
    expect(['__connect.errors.stage', 'kafka_dlt-original-offset', 'x-class', 'x-ctx-anything'].every((k) => isErrorHeader(k, [mapping]))).toBe(true);
    expect(['trace-id', 'x-other', '__connect.other', 'kafka_dlt'].some((k) => isErrorHeader(k, [mapping]))).toBe(false);
  });

  it('finds no root cause without a Caused by', () => {
    expect(rootCauseOf(Buffer.from('java.lang.RuntimeException: x\n\tat A.b(A.java:1)'))).toBeUndefined();
    expect(rootCauseOf(Buffer.from('Caused by: x.Y'))).toEqual({ exceptionClass: 'x.Y', message: '' });
  });
});
