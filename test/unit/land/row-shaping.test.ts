import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../electron/core/kafka/record-batch';
import { BadRecord, LandDecoder, type LandedPart } from '../../../electron/core/land/land-decoder';
import { changeOf, isDebeziumEnvelope, keyColumns, metadataFields, rowKey, tableFieldsFor, type Shaper } from '../../../electron/core/land/row-shaping';
import { typeToString } from '../../../electron/core/lake/spec/types';

// Keys and values are real Kafka Connect JSON envelopes (what Debezium writes), decoded by the landing decoder.

const decoder = new LandDecoder(null);
const KEY_SCHEMA = '{"type": "struct", "name": "pg.public.t.Key", "fields": [{"field": "id", "type": "int32", "optional": false}]}';
const ROW = (name: string) => `{"type": "struct", "name": "${name}", "optional": true, "fields": [{"field": "id", "type": "int32", "optional": false}, {"field": "name", "type": "string", "optional": true}]}`;
const ENVELOPE_SCHEMA = `{"type": "struct", "name": "pg.public.t.Envelope", "fields": [{"field": "before", ${ROW('pg.public.t.Value').slice(1, -1)}}, {"field": "after", ${ROW('pg.public.t.Value').slice(1, -1)}}, {"field": "source", "type": "struct", "fields": [{"field": "ts_ms", "type": "int64"}]}, {"field": "op", "type": "string"}]}`;

const bytes = (text: string | null) => (text === null ? null : Buffer.from(text));
const key = (id: number | null) => decoder.decode(bytes(`{"schema": ${KEY_SCHEMA}, "payload": ${id === null ? 'null' : `{"id": ${id}}`}}`), 'key');
const value = (payload: string | null) => decoder.decode(bytes(payload === null ? null : `{"schema": ${ROW('pg.public.t.Value')}, "payload": ${payload}}`), 'value');
const change = (op: string, before: string, after: string) => decoder.decode(bytes(`{"schema": ${ENVELOPE_SCHEMA}, "payload": {"before": ${before}, "after": ${after}, "source": {"ts_ms": 1700000000000}, "op": "${op}"}}`), 'value');

const record = (over: Partial<RawRecord> = {}): RawRecord => ({ offset: 41, timestamp: 1700000000123, timestampType: 0, key: null, value: null, headers: [{ key: 'trace', value: Buffer.from('x') }], size: 10, ...over });

async function shaper(mode: Shaper['mode'], metadata: Shaper['metadata'] = 'none'): Promise<Shaper> {
  const v = (await value('{"id": 1, "name": "a"}'))!;
  const k = (await key(1))!;
  const fields = tableFieldsFor(mode, k, mode === 'cdc' ? (await change('c', 'null', '{"id": 1, "name": "a"}'))! : v, metadataFields(metadata));
  return { mode, keyFields: keyColumns(fields, ['id']), metadata, topic: 'orders' };
}

describe('row shaping', () => {
  it('append adds the value with Kafka metadata columns (floe_ names or Tableflow $$ names); a tombstone adds nothing', async () => {
    const s = await shaper('append', 'floe');
    expect(changeOf(s, 3, record(), null, await value('{"id": 7, "name": "x"}'))).toEqual({
      kind: 'append',
      row: { id: 7, name: 'x', floe_topic: 'orders', floe_partition: 3, floe_offset: 41n, floe_timestamp: 1700000000123000n, floe_timestamp_type: 'CreateTime', floe_headers: [{ key: 'trace', value: Buffer.from('x') }] },
    });
    expect(changeOf(s, 3, record(), null, await value(null))).toEqual({ kind: 'none' });
    expect(metadataFields('tableflow').map((f) => `${f.name}: ${typeToString(f.type)}`)).toEqual([
      '$$topic: string',
      '$$partition: int',
      '$$offset: long',
      '$$timestamp: timestamptz',
      '$$timestamp_type: string',
      '$$headers: list<struct<key: string, value: binary>>',
    ]);
    const withAppendTime = changeOf({ ...s, metadata: 'tableflow' }, 0, record({ timestampType: 1 }), null, await value('{"id": 1}'));
    expect(withAppendTime.kind === 'append' && withAppendTime.row.$$timestamp_type).toBe('LogAppendTime');
  });

  it('upsert keys a row by the key columns; a field in both key and value keeps the value; key fields the value lacks become columns', async () => {
    const s = await shaper('upsert');
    expect(changeOf(s, 0, record(), await key(5), await value('{"id": 5, "name": "v"}'))).toEqual({ kind: 'upsert', key: '["5"]', row: { id: 5, name: 'v' } });
    // The value's id wins over the key's.
    expect(changeOf(s, 0, record(), await key(5), await value('{"id": 6, "name": "v"}'))).toMatchObject({ key: '["6"]', row: { id: 6 } });
    const keyOnly = (await decoder.decode(Buffer.from('{"schema": {"type": "struct", "fields": [{"field": "region", "type": "string"}]}, "payload": {"region": "eu"}}'), 'key'))!;
    expect(tableFieldsFor('upsert', keyOnly, (await value('{"id": 1}'))!, []).map((f) => f.name)).toEqual(['id', 'name', 'region']);
  });

  it('upsert: a tombstone deletes its key, even one never seen (the batch finds no row to delete); a null key is a bad record', async () => {
    const s = await shaper('upsert');
    expect(changeOf(s, 0, record(), await key(999), await value(null))).toEqual({ kind: 'delete', key: '["999"]' });
    {
      const p1 = await value(null);
      expect(() => changeOf(s, 0, record(), null, p1)).toThrow(new BadRecord('is a tombstone with a null key: there is no row to delete'));
    }
    // A null in a required key column is refused already by the decoder, naming the field.
    await expect(value('{"id": null, "name": "x"}')).rejects.toThrow(new BadRecord('does not match its schema (connect:6cb0363feae6c477): id is required but null'));
    const optionalKey = { ...s, keyFields: [{ id: 2, name: 'name', required: false, type: { kind: 'string' as const } }] };
    {
      const p1 = await value('{"id": 1, "name": null}');
      expect(() => changeOf(optionalKey, 0, record(), null, p1)).toThrow(new BadRecord('has no key: name is null'));
    }
  });

  it('cdc unwraps Debezium: c/r/u upsert after, d deletes before (or the key), t/m change nothing, tombstones follow deletes', async () => {
    const s = await shaper('cdc');
    expect(changeOf(s, 0, record(), await key(1), await change('c', 'null', '{"id": 1, "name": "a"}'))).toEqual({ kind: 'upsert', key: '["1"]', row: { id: 1, name: 'a' } });
    expect(changeOf(s, 0, record(), await key(1), await change('r', 'null', '{"id": 1, "name": "a"}'))).toMatchObject({ kind: 'upsert' });
    expect(changeOf(s, 0, record(), await key(1), await change('u', '{"id": 1, "name": "a"}', '{"id": 1, "name": "b"}'))).toEqual({ kind: 'upsert', key: '["1"]', row: { id: 1, name: 'b' } });
    expect(changeOf(s, 0, record(), await key(1), await change('d', '{"id": 1, "name": "b"}', 'null'))).toEqual({ kind: 'delete', key: '["1"]' });
    expect(changeOf(s, 0, record(), await key(2), await change('d', 'null', 'null'))).toEqual({ kind: 'delete', key: '["2"]' });
    expect(changeOf(s, 0, record(), await key(1), await value(null))).toEqual({ kind: 'none' });
    expect(changeOf(s, 0, record(), null, await change('t', 'null', 'null'))).toEqual({ kind: 'none' });
  });

  it('cdc bad input: an unknown op, a change without after, a delete without before or key', async () => {
    const s = await shaper('cdc');
    {
      const p1 = await change('x', 'null', '{"id": 1}');
      expect(() => changeOf(s, 0, record(), null, p1)).toThrow(new BadRecord('has an unknown Debezium op "x" (expected c, r, u or d)'));
    }
    {
      const p1 = await change('u', '{"id": 1}', 'null');
      expect(() => changeOf(s, 0, record(), null, p1)).toThrow(new BadRecord('is a "u" change event without "after"'));
    }
    {
      const p1 = await change('d', 'null', 'null');
      expect(() => changeOf(s, 0, record(), null, p1)).toThrow(new BadRecord('is a delete event without "before" or a key'));
    }
    {
      const p1 = await value('{"id": 1}');
      expect(() => tableFieldsFor('cdc', null, (p1)!, [])).toThrow(/The value schema is not a Debezium envelope \(it has no "after" record\): connect:/);
    }
  });

  it('recognises a Debezium envelope by before, after (a struct) and op', async () => {
    expect(isDebeziumEnvelope((await change('c', 'null', '{"id": 1}'))!.mapped.fields)).toBe(true);
    expect(isDebeziumEnvelope((await value('{"id": 1}'))!.mapped.fields)).toBe(false);
  });

  it('keys: exact text per type (decimal at its scale, uuid lower-cased, bytes as hex); nested or missing key columns refused', () => {
    const part = (fields: LandedPart['mapped']['fields']) => fields;
    const fields = part([
      { id: 1, name: 'd', required: true, type: { kind: 'decimal', precision: 10, scale: 2 } },
      { id: 2, name: 'u', required: true, type: { kind: 'uuid' } },
      { id: 3, name: 'b', required: true, type: { kind: 'binary' } },
      { id: 4, name: 'l', required: true, type: { kind: 'long' } },
      { id: 5, name: 's', required: false, type: { kind: 'struct', fields: [{ id: 6, name: 'x', required: false, type: { kind: 'int' } }] } },
    ]);
    const k = keyColumns(fields, ['d', 'u', 'b', 'l']);
    expect(rowKey({ d: -5n, u: 'AB-CD', b: Uint8Array.from([0, 255]), l: 9007199254740993n }, k)).toBe('["-0.05","ab-cd","00ff","9007199254740993"]');
    expect(rowKey({ d: 5n, u: 'x', b: null, l: 1n }, k)).toBeNull();
    expect(() => keyColumns(fields, ['s'])).toThrow('Key column "s" is a struct: keys must be integers, strings, uuids, dates, times, timestamps, decimals, booleans or bytes');
    expect(() => keyColumns(fields, ['nope'])).toThrow('Key column "nope" is not a top-level column of the table (it has d, u, b, l, s)');
  });
});
