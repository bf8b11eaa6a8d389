import { describe, expect, it } from 'vitest';
import type { RecordDetail } from '../../../shared/model/messages';
import { describeProgress, hexDump, parsePartitions, prettyPart } from '../../../renderer/src/features/messages/message-format';
import { emptyProduceForm, formFromRecord, requestFromForm } from '../../../renderer/src/features/produce/produce-form';
import { parseConfigLines } from '../../../renderer/src/features/topics/topic-configs';
import { parseTime } from '../../../renderer/src/components/time-format';

const record = (over: Partial<RecordDetail> = {}): RecordDetail => ({
  partition: 2,
  offset: 41,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key: { kind: 'string', value: 'k1', size: 2 },
  value: { kind: 'avro', value: { id: 7, tags: ['a'] }, size: 12, wire: { magic: 0, schemaId: 3, schemaType: 'AVRO' } },
  headers: [{ key: 'source', value: 'web' }, { key: 'flag', value: null, hex: '' }],
  size: 20,
  keyPreview: 'k1',
  valuePreview: '{"id":7}',
  rawKeyHex: '6b31',
  rawValueHex: '000000000300',
  ...over,
});

describe('message formatting', () => {
  it('chooses partitions, refusing ones the topic lacks', () => {
    expect(parsePartitions('', [0, 1, 2])).toBeNull();
    expect(parsePartitions('all', [0, 1, 2])).toBeNull();
    expect(parsePartitions('2, 0 2', [0, 1, 2])).toEqual([0, 2]);
    expect(parsePartitions('1,', [0, 1, 2])).toEqual([1]); // as typed: a trailing comma is not partition 0
    expect(() => parsePartitions('3', [0, 1, 2])).toThrow(/Partition 3 does not exist/);
    expect(() => parsePartitions('x', [0])).toThrow(/"x" is not a list of partition numbers/);
  });

  it('dumps hex with offsets and printable ASCII', () => {
    const dump = hexDump('48656c6c6f00' + 'ff'.repeat(16));
    const lines = dump.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^000000 {2}48 65 6c 6c 6f 00 ff/);
    expect(lines[0]!.endsWith('Hello...........')).toBe(true);
    expect(lines[1]).toMatch(/^000010 {2}ff ff ff ff ff ff\s+\.{6}$/);
  });

  it('prints decoded parts and undecodable ones as their hex', () => {
    expect(prettyPart({ kind: 'json', value: { a: 1 }, size: 7 })).toBe('{\n  "a": 1\n}');
    expect(prettyPart({ kind: 'hex', value: '00ff', size: 2, error: 'unknown schema id 9' })).toBe('00ff');
    expect(prettyPart({ kind: 'null', size: 0 })).toBe('null');
  });

  it('describes scan progress with rate, ETA and matches', () => {
    expect(describeProgress({ scanned: 1500, total: 6000, matched: 1, bytes: 0, recordsPerSec: 1000.4, etaMs: 4500, elapsedMs: 1500, ranges: [] })).toBe('1,500 of 6,000 scanned · 1,000 rec/s · ETA 4.5 s · 1 match');
    // Once the search has ended, its last report's rate and ETA are not shown beside the summary.
    expect(describeProgress({ scanned: 6000, total: 6000, matched: 3, bytes: 0, recordsPerSec: 1000.4, etaMs: 800, elapsedMs: 6000, ranges: [] }, true)).toBe('6,000 of 6,000 scanned · 3 matches');
  });
});

describe('produce form', () => {
  it('turns a form into a request, with headers and a fixed partition', () => {
    const form = {
      ...emptyProduceForm('orders'),
      partition: '3',
      copies: '5',
      headers: [
        { key: 'source', encoding: 'text' as const, text: 'web' },
        { key: 'flag', encoding: 'null' as const, text: '' },
        { key: 'trace', encoding: 'text' as const, text: 'a=b\n  at line 2' },
        { key: 'bin', encoding: 'hex' as const, text: '00 FF 10' },
        { key: '', encoding: 'text' as const, text: '' }, // an added row left blank
      ],
    };
    form.key = { ...form.key, text: 'k' };
    form.value = { ...form.value, text: '{"id":1}' };
    expect(requestFromForm('p1', form)).toEqual({
      profileId: 'p1',
      topic: 'orders',
      partition: 3,
      copies: 5,
      key: { encoding: 'string', text: 'k' },
      value: { encoding: 'json', text: '{"id":1}' },
      headers: [
        { key: 'source', value: 'web' },
        { key: 'flag', value: null },
        { key: 'trace', value: 'a=b\n  at line 2' },
        { key: 'bin', hex: '00ff10' },
      ],
    });
  });

  it('names the field at fault', () => {
    const form = emptyProduceForm('orders');
    expect(() => requestFromForm('p', { ...form, value: { ...form.value, text: '{oops' } })).toThrow(/^Value is not valid JSON/);
    expect(() => requestFromForm('p', { ...form, value: { ...form.value, text: '1' }, partition: '-1' })).toThrow(/Partition/);
    expect(() => requestFromForm('p', { ...form, value: { ...form.value, text: '1' }, copies: '0' })).toThrow(/Copies/);
    expect(() => requestFromForm('p', { ...form, value: { encoding: 'schema', text: '{}', subject: ' ', version: '', messageType: '' } })).toThrow(/Value: choose the subject/);
    const proto = requestFromForm('p', { ...form, value: { encoding: 'schema', text: '{}', subject: 's', version: '', messageType: 'shop.Line' } });
    expect(proto.value).toEqual({ encoding: 'schema', subject: 's', messageType: 'shop.Line', text: '{}' });
    expect(() => requestFromForm('p', { ...form, value: { ...form.value, text: '1' }, headers: [{ key: 'h', encoding: 'hex', text: 'abc' }] })).toThrow(/Header 1 \("h"\): hex must be pairs/);
  });

  it('prefills a re-produce from a record: structures as JSON, failures as their raw hex', () => {
    const form = formFromRecord('copy', record());
    expect(form.partition).toBe('2');
    expect(form.key).toMatchObject({ encoding: 'string', text: 'k1' });
    expect(form.value.encoding).toBe('json');
    expect(JSON.parse(form.value.text)).toEqual({ id: 7, tags: ['a'] });
    expect(form.headers).toEqual([
      { key: 'source', encoding: 'text', text: 'web' },
      { key: 'flag', encoding: 'hex', text: '' },
    ]);
    const dlq = formFromRecord('t', record({ headers: [{ key: '__connect.errors.exception.stacktrace', value: 'org.apache.kafka.connect.errors.DataException: x\n\tat A.b(A.java:1)\n' }, { key: 'bin', value: null, hex: 'c328ff' }, { key: 'gone', value: null }] }));
    expect(requestFromForm('p', { ...dlq, value: { ...dlq.value, encoding: 'null' } }).headers).toEqual([
      { key: '__connect.errors.exception.stacktrace', value: 'org.apache.kafka.connect.errors.DataException: x\n\tat A.b(A.java:1)\n' },
      { key: 'bin', hex: 'c328ff' },
      { key: 'gone', value: null },
    ]);
    const broken = formFromRecord('t', record({ value: { kind: 'hex', value: '000000000300', size: 6, error: 'unknown schema id 3' } }));
    expect(broken.value).toMatchObject({ encoding: 'hex', text: '000000000300' });
  });
});

describe('topic configs', () => {
  it('parses name=value lines and names a bad line', () => {
    expect(parseConfigLines('retention.ms=1000\n\ncleanup.policy = compact')).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    expect(() => parseConfigLines('ok=1\nnonsense')).toThrow(/line 2/);
  });
});

describe('search range', () => {
  it('applies an offset range to every chosen partition, end exclusive and optional', async () => {
    const { scanRange } = await import('../../../renderer/src/features/messages/search-range');
    const utc = (t: string) => parseTime(t, 'utc');
    expect(scanRange('offsets', '10', '1,020', [0, 3], utc)).toEqual({ kind: 'offsets', from: { 0: 10, 3: 10 }, to: { 0: 1020, 3: 1020 } });
    expect(scanRange('offsets', '5', '', [1], utc)).toEqual({ kind: 'offsets', from: { 1: 5 } });
    expect(scanRange('all', '', '', [], utc)).toEqual({ kind: 'all' });
    expect(() => scanRange('offsets', '9', '3', [0], utc)).toThrow(/after From/);
    expect(() => scanRange('offsets', 'x', '', [0], utc)).toThrow(/From must be an offset/);
    expect(scanRange('time', '2024-05-01 10:00', '', [0], utc)).toEqual({ kind: 'time', from: Date.UTC(2024, 4, 1, 10) });
    expect(() => scanRange('time', '2024-05-01 10:00', '2024-05-01 09:00', [0], utc)).toThrow(/end after it starts/);
    expect(() => scanRange('time', '05/01/2024 10:00 AM', '', [0], utc)).toThrow(/is not a time: use YYYY-MM-DD HH:mm:ss \(UTC\)/);
  });
});

describe('times at the contract boundary', () => {
  it('refuses negative epoch milliseconds (Kafka would read -1 and -2 as "latest" and "earliest")', async () => {
    const { ScanRange, StartPosition } = await import('../../../shared/model/messages');
    const { ResetTarget } = await import('../../../shared/model/groups');
    expect(StartPosition.safeParse({ kind: 'timestamp', timestamp: -1 }).success).toBe(false);
    expect(ScanRange.safeParse({ kind: 'time', from: -2 }).success).toBe(false);
    expect(ScanRange.safeParse({ kind: 'time', from: 0, to: -5 }).success).toBe(false);
    expect(ResetTarget.safeParse({ kind: 'timestamp', timestamp: -1 }).success).toBe(false);
    expect(StartPosition.safeParse({ kind: 'timestamp', timestamp: 0 }).success).toBe(true);
  });
});
