import { describe, expect, it } from 'vitest';
import { isFloeError } from '../../../shared/errors';
import { parseExactJson, stringifyExactJson } from '../../../electron/core/lake/spec/exact-json';
import { parseTableMetadata } from '../../../electron/core/lake/spec/metadata';
import { selectSnapshot } from '../../../electron/core/lake/spec/snapshot-select';
import { duckdbType, parseType, typeToString } from '../../../electron/core/lake/spec/types';
import { readAvroFile } from '../../../electron/core/lake/spec/avro-file';
import { findTableRefs } from '../../../electron/core/lake/sql-refs';
import { metadataVersion } from '../../../electron/core/lake/catalog/static-catalog';

const BIG = 9007199254740993n; // 2^53 + 1: JSON.parse would round it

function meta(extra: Record<string, unknown> = {}): string {
  return stringifyExactJson({
    'format-version': 2,
    'table-uuid': 'u',
    location: '/w/t',
    'last-sequence-number': 3,
    'current-schema-id': 1,
    schemas: [
      { type: 'struct', 'schema-id': 0, fields: [{ id: 1, name: 'a', required: false, type: 'int' }] },
      { type: 'struct', 'schema-id': 1, fields: [{ id: 1, name: 'a2', required: false, type: 'long' }, { id: 2, name: 'b', required: false, type: 'string' }] },
    ],
    'default-spec-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: [] }],
    'current-snapshot-id': BIG,
    snapshots: [
      { 'snapshot-id': 11, 'sequence-number': 1, 'timestamp-ms': 1000, 'manifest-list': '/m1', summary: { operation: 'append' }, 'schema-id': 0 },
      { 'snapshot-id': 22, 'parent-snapshot-id': 11, 'sequence-number': 2, 'timestamp-ms': 2000, 'manifest-list': '/m2', summary: { operation: 'append' }, 'schema-id': 0 },
      { 'snapshot-id': BIG, 'parent-snapshot-id': 22, 'sequence-number': 3, 'timestamp-ms': 3000, 'manifest-list': '/m3', summary: { operation: 'overwrite' }, 'schema-id': 1 },
    ],
    'snapshot-log': [
      { 'timestamp-ms': 1000, 'snapshot-id': 11 },
      { 'timestamp-ms': 2000, 'snapshot-id': 22 },
      { 'timestamp-ms': 3000, 'snapshot-id': BIG },
    ],
    refs: { main: { 'snapshot-id': BIG, type: 'branch' }, v1: { 'snapshot-id': 11, type: 'tag' } },
    ...extra,
  });
}

describe('exact JSON', () => {
  it('keeps 64-bit integers exact and everything else as JSON.parse does', () => {
    const v = parseExactJson('{"id": 9007199254740993, "small": 12, "f": 1.5e3, "s": "a\\"b", "n": null, "l": [true, false]}');
    expect(v).toEqual({ id: BIG, small: 12, f: 1500, s: 'a"b', n: null, l: [true, false] });
    expect(stringifyExactJson({ id: BIG })).toBe('{"id":9007199254740993}');
    expect(() => parseExactJson('{"a": 1,}')).toThrow(/position 8/);
  });
});

describe('table metadata', () => {
  it('parses v2 metadata with snapshot ids beyond 2^53', () => {
    const m = parseTableMetadata(meta(), 'm.json');
    expect(m.currentSnapshotId).toBe(BIG);
    expect(m.snapshots.map((s) => s.snapshotId)).toEqual([11n, 22n, BIG]);
    expect(m.refs.get('v1')).toEqual({ snapshotId: 11n, type: 'tag' });
  });

  it('refuses format v3 by name, and names the file when the JSON is broken', () => {
    expect(() => parseTableMetadata(meta({ 'format-version': 3 }), '/x/v9.metadata.json')).toThrow(/\/x\/v9\.metadata\.json: Iceberg format version 3 is not supported/);
    expect(() => parseTableMetadata('{"format-version": 2,', '/x/broken.json')).toThrow(/\/x\/broken\.json is not valid JSON/);
    try {
      parseTableMetadata(meta({ 'format-version': 3 }), 'f');
    } catch (e) {
      expect(isFloeError(e, 'UNSUPPORTED')).toBe(true);
    }
  });

  it('reads v1 metadata with a single schema and partition-spec', () => {
    const m = parseTableMetadata(
      JSON.stringify({
        'format-version': 1,
        location: '/w/v1',
        schema: { type: 'struct', fields: [{ id: 1, name: 'k', required: true, type: 'int' }] },
        'partition-spec': [{ 'source-id': 1, name: 'k', transform: 'identity' }],
        'current-snapshot-id': -1,
      }),
      'v1.json',
    );
    expect(m.formatVersion).toBe(1);
    expect(m.currentSnapshotId).toBeNull();
    expect(m.partitionSpecs[0]?.fields[0]).toEqual({ sourceId: 1, fieldId: 1000, name: 'k', transform: 'identity' });
    expect(selectSnapshot(m).snapshot).toBeNull();
  });
});

describe('snapshot selection (time travel)', () => {
  const m = parseTableMetadata(meta(), 'm.json');
  it('current snapshot reads with the table schema; time travel with the snapshot schema', () => {
    expect(selectSnapshot(m).schema.schemaId).toBe(1);
    const old = selectSnapshot(m, { snapshotId: 22n });
    expect(old.snapshot?.snapshotId).toBe(22n);
    expect(old.schema.schemaId).toBe(0);
  });
  it('by tag, by time, and refusals naming what is missing', () => {
    expect(selectSnapshot(m, { ref: 'v1' }).snapshot?.snapshotId).toBe(11n);
    expect(selectSnapshot(m, { asOfMs: 2500 }).snapshot?.snapshotId).toBe(22n);
    expect(selectSnapshot(m, { asOfMs: 3000 }).snapshot?.snapshotId).toBe(BIG);
    expect(() => selectSnapshot(m, { asOfMs: 999 })).toThrow(/no snapshot at or before 1970-01-01T00:00:00.999Z/);
    expect(() => selectSnapshot(m, { snapshotId: 5n })).toThrow(/Snapshot 5 is not in this table/);
    expect(() => selectSnapshot(m, { ref: 'nope' })).toThrow(/No branch or tag named "nope"/);
  });
});

describe('types', () => {
  it('maps Iceberg types to exact DuckDB types and back to text', () => {
    const t = parseType({ type: 'struct', fields: [{ id: 3, name: 'p', required: false, type: 'decimal(38, 9)' }] });
    expect(duckdbType(t)).toBe('STRUCT("p" DECIMAL(38, 9))');
    expect(duckdbType(parseType({ type: 'list', 'element-id': 4, 'element-required': false, element: 'timestamptz' }))).toBe('TIMESTAMPTZ[]');
    expect(duckdbType(parseType({ type: 'map', 'key-id': 5, key: 'string', 'value-id': 6, 'value-required': false, value: 'fixed[16]' }))).toBe('MAP(VARCHAR, BLOB)');
    expect(typeToString(parseType('decimal(9,2)'))).toBe('decimal(9, 2)');
  });
  it('refuses v3-only types by name', () => {
    expect(() => parseType('variant')).toThrow(/"variant" \(format v3\) is not supported/);
    expect(() => parseType('timestamp_ns')).toThrow(/format v3/);
  });
});

describe('Avro container files', () => {
  it('names the file when it is not Avro', () => {
    expect(() => readAvroFile(new TextEncoder().encode('{"not": "avro"}'), '/w/m.avro')).toThrow(/\/w\/m\.avro is not an Avro file/);
    expect(() => readAvroFile(new Uint8Array([0x4f, 0x62, 0x6a, 0x01, 0x99]), '/w/cut.avro')).toThrow(/\/w\/cut\.avro is not a readable Avro file/);
  });
});

describe('table references in SQL', () => {
  const known = [
    { namespace: ['db'], name: 'events' },
    { namespace: [], name: 'legacy' },
  ];
  it('finds catalog tables, quoted or not, with snapshot suffixes; ignores strings and comments', () => {
    const refs = findTableRefs(`select * from db.events e join "db"."events@42" o using (id) join legacy on true -- db.nothing\n where x = 'db.events'`, known);
    expect(refs).toEqual([{ id: known[0] }, { id: known[0], snapshotId: 42n }, { id: known[1] }]);
    expect(findTableRefs(`select 'db.events'`, known)).toEqual([]);
  });
});

describe('metadata file names', () => {
  it('reads the version from both naming styles', () => {
    expect(metadataVersion('v12.metadata.json')).toBe(12);
    expect(metadataVersion('00003-1b2c-4d.metadata.json')).toBe(3);
    expect(metadataVersion('version-hint.text')).toBeNull();
  });
});
