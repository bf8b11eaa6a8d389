import { FloeError } from '../../../shared/errors';
import { parse } from '../args';
import { exportFormatOf, exportToFile } from '../export-file';
import { LAKE_OPTIONS, openLakeMaybe } from '../lake-target';
import { printRows } from '../lake-rows';
import { formatBytes, type Io } from '../output';

export const sqlCommand = {
  summary: 'Run read-only SQL (DuckDB) over a catalog\'s tables; name a snapshot as ns."table@ID"; --out writes the whole result to a file',
  usage:
    'floe sql "SELECT …" --catalog sqlite:PATH|METADATA_JSON [--warehouse DIR] [--s3-endpoint URL --s3-region R --s3-path-style] [--limit N] [--timeout SECONDS] [--json] [--out FILE.parquet|.csv|.jsonl [--format parquet|csv|jsonl]]',
  async run(argv: string[], io: Io): Promise<void> {
    const { values, positionals } = parse(argv, { ...LAKE_OPTIONS, limit: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } });
    const sql = positionals.join(' ').trim();
    if (!sql) throw new FloeError('BAD_INPUT', 'floe sql: give the SQL text as an argument');
    const limit = values.limit === undefined ? 10_000 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new FloeError('BAD_INPUT', `--limit takes a positive whole number, not "${values.limit}"`);
    const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutSeconds !== undefined && !(timeoutSeconds > 0 && timeoutSeconds <= 86_400))
      throw new FloeError('BAD_INPUT', `--timeout takes seconds (more than 0, at most 86400), not "${values.timeout}"`);
    if (values.format !== undefined && values.out === undefined) throw new FloeError('BAD_INPUT', '--format goes with --out FILE');
    const format = values.out === undefined ? undefined : exportFormatOf(values.out, values.format);
    const { catalog, core } = openLakeMaybe(values);
    try {
      if (values.out !== undefined && format) {
        const done = await exportToFile(core, catalog, sql, values.out, format, timeoutSeconds);
        if (values.json) io.out(JSON.stringify(done));
        else io.err(`${done.rowCount} rows written to ${done.path} (${done.format}, ${formatBytes(done.sizeBytes)}) in ${done.elapsedMs} ms`);
        return;
      }
      printRows(await core.client.call('lake.sql', { ...(catalog ? { catalog } : {}), sql, limit, ...(timeoutSeconds ? { timeoutSeconds } : {}) }), Boolean(values.json), io);
    } finally {
      await core.close();
    }
  },
};
