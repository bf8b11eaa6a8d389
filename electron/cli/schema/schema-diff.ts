import { FloeError } from '../../../shared/errors';
import type { SchemaDiff } from '../../../shared/model/schemas';
import type { Io } from '../output';
import { table } from '../output';
import { readDraftFile } from './draft-file';
import type { SchemaCommandContext } from './schema-context';
import { versionFlag } from './schema-read';

/** `floe schema diff SUBJECT --from V [--to V | --file F]`: field-level changes with their compatibility. */
export async function schemaDiff({ core, profileId, values, positionals }: SchemaCommandContext, io: Io): Promise<number> {
  const subject = positionals[0];
  if (!subject) throw new FloeError('BAD_INPUT', 'schema diff needs a subject: floe schema diff SUBJECT --from V [--to V | --file F]');
  const before = { subject, version: versionFlag(values.from ?? 'latest') };
  const after =
    typeof values.file === 'string'
      ? { draft: readDraftFile(values.file, values.type as string | undefined, (values.ref as string[] | undefined) ?? []) }
      : { subject, version: versionFlag(values.to ?? 'latest') };
  const diff = await core.client.call('schemas.diff', { profileId, before, after });
  io.out(values.json ? JSON.stringify(diff, null, 2) : describeDiff(diff));
  return 0;
}

export function describeDiff(d: SchemaDiff): string {
  const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
  const lines = [
    d.entries.length === 0
      ? 'no field-level changes'
      : table(
          ['CHANGE', 'WHERE', 'BEFORE', 'AFTER', 'BACKWARD', 'FORWARD'],
          d.entries.map((e) => [e.change, e.path, e.before ?? '', e.after ?? '', mark(e.backward), mark(e.forward)]),
        ),
    '',
    `backward compatible: ${mark(d.backward)}; forward compatible: ${mark(d.forward)}`,
    ...d.backwardProblems.map((p) => `  backward: ${p}`),
    ...d.forwardProblems.map((p) => `  forward: ${p}`),
  ];
  return lines.join('\n');
}
