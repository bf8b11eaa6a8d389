import { FloeError } from '../../../shared/errors';
import type { NestedField } from '../lake/spec/types';

export interface PartitionFieldDef {
  sourceId: number;
  fieldId: number;
  name: string;
  transform: string;
}

const TIME = new Set(['year', 'month', 'day', 'hour']);

/**
 * Partition fields from expressions over top-level columns: `day(event_time)`, `bucket(16, id)`, `truncate(4, name)`,
 * `year|month|hour(ts)`, or a bare column (identity). Field ids from 1000, as Iceberg numbers them.
 */
export function parsePartitionBy(exprs: string[], fields: NestedField[]): PartitionFieldDef[] {
  return exprs.map((text, i) => {
    const m = /^\s*(?:(\w+)\s*\(\s*(?:(\d+)\s*,\s*)?([^)]+?)\s*\)|([^()\s]+))\s*$/.exec(text);
    if (!m) throw new FloeError('BAD_INPUT', `Partition "${text}" is not a transform: use day(col), bucket(16, col), truncate(4, col) or a column`);
    const [, fn, arg, inner, bare] = m;
    const column = (bare ?? inner)!.replace(/^"|"$/g, '');
    const source = fields.find((f) => f.name === column);
    if (!source) throw new FloeError('BAD_INPUT', `Partition "${text}": no top-level column "${column}" (the table has ${fields.map((f) => f.name).join(', ')})`);
    if (source.type.kind === 'struct' || source.type.kind === 'list' || source.type.kind === 'map') throw new FloeError('BAD_INPUT', `Partition "${text}": ${column} is a ${source.type.kind}`);
    let transform = 'identity';
    let name = column;
    if (fn) {
      const f = fn.toLowerCase();
      if (TIME.has(f)) {
        if (!['date', 'timestamp', 'timestamptz'].includes(source.type.kind) || (f === 'hour' && source.type.kind === 'date'))
          throw new FloeError('BAD_INPUT', `Partition "${text}": ${f} applies to ${f === 'hour' ? 'timestamps' : 'dates and timestamps'}, and ${column} is a ${source.type.kind}`);
        transform = f;
        name = `${column}_${f}`;
      } else if (f === 'bucket' || f === 'truncate') {
        if (!arg || Number(arg) <= 0) throw new FloeError('BAD_INPUT', `Partition "${text}": ${f} needs a positive width, as in ${f}(16, ${column})`);
        transform = `${f}[${arg}]`;
        name = `${column}_${f}`;
      } else if (f !== 'identity') throw new FloeError('BAD_INPUT', `Partition "${text}": unknown transform ${fn} (year, month, day, hour, bucket, truncate, identity)`);
    }
    return { sourceId: source.id, fieldId: 1000 + i, name, transform };
  });
}
