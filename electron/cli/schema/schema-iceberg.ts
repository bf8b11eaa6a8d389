import { FloeError } from '../../../shared/errors';
import type { Io } from '../output';
import { table } from '../output';
import { readDraftFile } from './draft-file';
import type { SchemaCommandContext } from './schema-context';
import { versionFlag } from './schema-read';

/** `floe schema iceberg SUBJECT [--version V] | --file F [--message M]`: the Iceberg columns it would land as (exit 1: it cannot land). */
export async function schemaIceberg({ core, profileId, values, positionals }: SchemaCommandContext, io: Io): Promise<number> {
  const subject = positionals[0];
  const source =
    typeof values.file === 'string'
      ? { draft: readDraftFile(values.file, values.type as string | undefined, (values.ref as string[] | undefined) ?? []) }
      : subject
        ? { subject, version: versionFlag(values.version ?? 'latest') }
        : null;
  if (!source) throw new FloeError('BAD_INPUT', 'schema iceberg needs a subject or a file: floe schema iceberg SUBJECT [--version V] | --file F');
  const message = typeof values.message === 'string' ? values.message : undefined;
  const preview = await core.client.call('schemas.icebergPreview', { profileId, source, ...(message ? { message } : {}) });
  if (values.json) io.out(JSON.stringify(preview, null, 2));
  else if (preview.problem) io.out(`cannot land as Iceberg columns: ${preview.problem}`);
  else {
    if (preview.message) io.out(`message ${preview.message}${preview.messages && preview.messages.length > 1 ? ` (the file has ${preview.messages.join(', ')}: choose with --message)` : ''}`);
    io.out(table(['COLUMN', 'ICEBERG TYPE', 'REQUIRED'], preview.columns.map((c) => [c.name, c.type, c.required ? 'yes' : 'no'])));
    for (const n of preview.notes) io.out(`note: ${n}`);
  }
  return preview.problem ? 1 : 0;
}
