import { FloeError } from '../../../shared/errors';
import type { AnyCatalogSpec, TableId } from '../../../shared/model/lake';
import { rowsOf } from '../../core/engine/arrow-rows';
import { stringifyExactJson } from '../../core/lake/spec/exact-json';
import type { CoreSession } from '../context';
import { printRows } from '../lake-rows';
import type { Io } from '../output';

export const DIFF_OPTIONS = { from: { type: 'string' }, to: { type: 'string' }, key: { type: 'string', multiple: true } } as const;

function snapshotArg(flag: string, text: string | undefined): bigint {
  if (text === undefined) throw new FloeError('BAD_INPUT', `floe table diff: --${flag} takes a snapshot id (see \`floe table snapshots\`)`);
  if (!/^-?\d+$/.test(text)) throw new FloeError('BAD_INPUT', `--${flag} takes a snapshot id (digits), not "${text}"`);
  return BigInt(text);
}

/**
 * `floe table diff NAME --from ID --to ID [--key COL]… [--limit N] [--json]`: rows added, removed and (with keys)
 * changed between two snapshots. Text: the rows as a table, the counts and skipped columns on stderr.
 * --json: one JSON document with the counts, compared and skipped columns and the rows.
 */
export async function tableDiff(
  core: CoreSession,
  catalog: AnyCatalogSpec,
  table: TableId,
  values: { from?: string; to?: string; key?: string[]; limit?: string; json?: boolean },
  io: Io,
): Promise<void> {
  const from = snapshotArg('from', values.from);
  const to = snapshotArg('to', values.to);
  const limit = values.limit === undefined ? 10_000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new FloeError('BAD_INPUT', `--limit takes a positive whole number, not "${values.limit}"`);
  const keys = (values.key ?? []).flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean);
  const diff = await core.client.call('lake.diff', { catalog, table, from, to, keys, limit });
  if (values.json) {
    const { rows, ...rest } = diff;
    io.out(stringifyExactJson({ ...rest, truncated: rows.truncated, rows: rowsOf(rows) }, 2));
    return;
  }
  printRows(diff.rows, false, io);
  const { added, removed, changed } = diff.counts;
  io.err(`${added} added, ${removed} removed${keys.length > 0 ? `, ${changed} changed (key ${keys.join(', ')})` : ''}`);
  if (diff.renamed.length > 0) io.err(`renamed: ${diff.renamed.map((r) => `${r.from} → ${r.to}`).join(', ')}`);
  if (diff.skipped.length > 0) io.err(`not compared: ${diff.skipped.map((s) => `${s.name} (only in ${s.side === 'from' ? 'the older' : 'the newer'} snapshot)`).join(', ')}`);
}
