import { describe, expect, it } from 'vitest';
import { csvRow } from '../../../electron/core/messages/export-format';
import { preview } from '../../../electron/core/messages/record-view';
import { prettyPart } from '../../../renderer/src/features/messages/message-format';
import { formFromRecord } from '../../../renderer/src/features/produce/produce-form';
import type { BrowseRecord, RecordDetail } from '../../../shared/model/messages';
import type { DecodedPart } from '../../../shared/model/record';

// A decoded value as the decoders give it: 64-bit integers past 2^53 as bigint, NaN and ±Infinity as numbers.
const value: DecodedPart = { kind: 'avro', value: { id: 9223372036854775807n, ids: [-9007199254740993n, 1], ratio: NaN, hi: Infinity, lo: -Infinity, nz: -0, none: null, s: 'NaN' }, size: 40 };

const record = (v: DecodedPart): BrowseRecord => ({
  partition: 0,
  offset: 5,
  timestamp: Date.UTC(2024, 0, 1),
  timestampType: 'create',
  key: { kind: 'null', value: null, size: 0 },
  value: v,
  headers: [],
  size: 40,
  keyPreview: '',
  valuePreview: '',
});

describe('exact values in the grid, the detail pane, exports and the produce form', () => {
  it('the grid preview shows every digit and NaN/±Infinity as such, never null', () => {
    expect(preview(value)).toBe('{"id":9223372036854775807,"ids":[-9007199254740993,1],"ratio":NaN,"hi":Infinity,"lo":-Infinity,"nz":-0,"none":null,"s":"NaN"}');
  });

  it('the detail pane pretty-prints the same', () => {
    expect(prettyPart(value)).toBe(`{
  "id": 9223372036854775807,
  "ids": [
    -9007199254740993,
    1
  ],
  "ratio": NaN,
  "hi": Infinity,
  "lo": -Infinity,
  "nz": -0,
  "none": null,
  "s": "NaN"
}`);
  });

  it('CSV cells keep every digit and write NaN/±Infinity in their JSON form', () => {
    expect(csvRow('t', record(value))).toBe('t,0,5,2024-01-01T00:00:00.000Z,,"{""id"":9223372036854775807,""ids"":[-9007199254740993,1],""ratio"":""NaN"",""hi"":""Infinity"",""lo"":""-Infinity"",""nz"":-0,""none"":null,""s"":""NaN""}",,,\r\n');
    expect(csvRow('t', record({ kind: 'json', value: [9007199254740993n], size: 18 }))).toBe('t,0,5,2024-01-01T00:00:00.000Z,,[9007199254740993],,,\r\n');
  });

  it('re-produce puts valid JSON with every digit in the form', () => {
    const detail: RecordDetail = { ...record(value), rawKeyHex: null, rawValueHex: '00' };
    const form = formFromRecord('t', detail);
    expect(form.value.encoding).toBe('json');
    expect(JSON.parse(form.value.text)).toMatchObject({ ratio: 'NaN', hi: 'Infinity', lo: '-Infinity' });
    expect(form.value.text).toContain('"id": 9223372036854775807');
  });
});
