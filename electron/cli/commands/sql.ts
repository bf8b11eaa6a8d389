import { FloeError } from '../../../shared/errors';
import { parse } from '../args';
import { openCore } from '../context';
import { catalogFrom, LAKE_OPTIONS } from '../lake-target';
import { printRows } from '../lake-rows';
import type { Io } from '../output';

export const sqlCommand = {
  summary: 'Run read-only SQL (DuckDB) over a catalog\'s tables; name a snapshot as ns."table@ID"',
  usage: 'floe sql "SELECT …" --catalog sqlite:PATH|METADATA_JSON [--warehouse DIR] [--limit N] [--json]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values, positionals } = parse(argv, { ...LAKE_OPTIONS, limit: { type: 'string' } });
    const sql = positionals.join(' ').trim();
    if (!sql) throw new FloeError('BAD_INPUT', 'floe sql: give the SQL text as an argument');
    const limit = values.limit === undefined ? 10_000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new FloeError('BAD_INPUT', `--limit takes a positive whole number, not "${values.limit}"`);
    const catalog = values.catalog || process.env.FLOE_CATALOG ? catalogFrom(values) : undefined;
    const core = openCore('cli');
    try {
      printRows(await core.client.call('lake.sql', { ...(catalog ? { catalog } : {}), sql, limit }), Boolean(values.json), io);
    } finally {
      await core.close();
    }
  },
};
