import { describe, expect, it } from 'vitest';
import { parsePartitionBy } from '../../../electron/core/land/partition-by';
import { freshSchema } from '../../../electron/core/land/type-mapping/schema-alignment';
import { mapJsonSchema } from '../../../electron/core/land/type-mapping/json-schema-mapping';

const { fields } = freshSchema(
  mapJsonSchema(
    JSON.stringify({
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' }, at: { type: 'string', format: 'date-time' }, day: { type: 'string', format: 'date' }, addr: { type: 'object', properties: { city: { type: 'string' } } } },
    }),
  ).fields,
);

describe('partition-by expressions', () => {
  it('parses day/hour/year/month, bucket, truncate, identity and bare columns, with source ids and field ids from 1000', () => {
    expect(parsePartitionBy(['day(at)', 'bucket(16, id)', 'truncate(4, name)', 'month( day )', 'hour(at)', 'year(day)', 'identity(name)', 'id'], fields)).toEqual([
      { sourceId: 3, fieldId: 1000, name: 'at_day', transform: 'day' },
      { sourceId: 1, fieldId: 1001, name: 'id_bucket', transform: 'bucket[16]' },
      { sourceId: 2, fieldId: 1002, name: 'name_truncate', transform: 'truncate[4]' },
      { sourceId: 4, fieldId: 1003, name: 'day_month', transform: 'month' },
      { sourceId: 3, fieldId: 1004, name: 'at_hour', transform: 'hour' },
      { sourceId: 4, fieldId: 1005, name: 'day_year', transform: 'year' },
      { sourceId: 2, fieldId: 1006, name: 'name', transform: 'identity' },
      { sourceId: 1, fieldId: 1007, name: 'id', transform: 'identity' },
    ]);
  });

  it('refuses what cannot partition, naming the expression', () => {
    expect(() => parsePartitionBy(['day(nope)'], fields)).toThrow('Partition "day(nope)": no top-level column "nope" (the table has id, name, at, day, addr)');
    expect(() => parsePartitionBy(['addr'], fields)).toThrow('Partition "addr": addr is a struct');
    expect(() => parsePartitionBy(['day(name)'], fields)).toThrow('Partition "day(name)": day applies to dates and timestamps, and name is a string');
    expect(() => parsePartitionBy(['hour(day)'], fields)).toThrow('Partition "hour(day)": hour applies to timestamps, and day is a date');
    expect(() => parsePartitionBy(['bucket(id)'], fields)).toThrow('Partition "bucket(id)": bucket needs a positive width, as in bucket(16, id)');
    expect(() => parsePartitionBy(['bucket(0, id)'], fields)).toThrow('bucket needs a positive width');
    expect(() => parsePartitionBy(['week(at)'], fields)).toThrow('Partition "week(at)": unknown transform week (year, month, day, hour, bucket, truncate, identity)');
    expect(() => parsePartitionBy(['day(at'], fields)).toThrow('Partition "day(at" is not a transform: use day(col), bucket(16, col), truncate(4, col) or a column');
  });
});
