import { FloeError } from '../../../shared/errors';
import { CompatibilityLevel, RegistryMode, type CompatibilityReport } from '../../../shared/model/schemas';
import type { Io } from '../output';
import { readDraftFile } from './draft-file';
import type { SchemaCommandContext } from './schema-context';

function draftOf({ values }: SchemaCommandContext) {
  const file = values.file;
  if (typeof file !== 'string') throw new FloeError('BAD_INPUT', 'give the schema with --file PATH (.avsc, .proto or .json)');
  return readDraftFile(file, values.type as string | undefined, (values.ref as string[] | undefined) ?? []);
}

function subjectOf({ positionals }: SchemaCommandContext, command: string): string {
  const subject = positionals[0];
  if (!subject) throw new FloeError('BAD_INPUT', `schema ${command} needs a subject: floe schema ${command} SUBJECT …`);
  return subject;
}

export function levelFlag(flag: unknown): CompatibilityLevel {
  const parsed = CompatibilityLevel.safeParse(String(flag).toUpperCase());
  if (!parsed.success) throw new FloeError('BAD_INPUT', `--level must be one of ${CompatibilityLevel.options.join(', ')}, not "${String(flag)}"`);
  return parsed.data;
}

/** `floe schema check SUBJECT --file F [--level L]`: exit 1 when the draft is incompatible. */
export async function schemaCheck(ctx: SchemaCommandContext, io: Io): Promise<number> {
  const { core, profileId, values } = ctx;
  const report = await core.client.call('schemas.check', {
    profileId,
    subject: subjectOf(ctx, 'check'),
    draft: draftOf(ctx),
    ...(values.level !== undefined ? { level: levelFlag(values.level) } : {}),
  });
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else io.out(describeReport(report));
  return report.compatible ? 0 : 1;
}

export function describeReport(r: CompatibilityReport): string {
  const lines = [
    r.newSubject
      ? `${r.subject}: new subject, nothing to be compatible with`
      : `${r.subject}: ${r.compatible ? 'compatible' : 'NOT compatible'} under ${r.level} (${r.levelSource}), compared with version(s) ${r.compared.join(', ') || '-'}`,
  ];
  for (const f of r.findings) lines.push(`  ${f.direction} vs version ${f.version}: ${f.message}`);
  if (r.registry) for (const m of r.registry.messages) lines.push(`  registry: ${m}`);
  return lines.join('\n');
}

/** `floe schema register SUBJECT --file F [--normalize]`. */
export async function schemaRegister(ctx: SchemaCommandContext, io: Io): Promise<void> {
  const { core, profileId, values } = ctx;
  const result = await core.client.call('schemas.register', { profileId, subject: subjectOf(ctx, 'register'), draft: draftOf(ctx), normalize: Boolean(values.normalize) });
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else io.out(`${result.subject} version ${result.version}, id ${result.id}${result.created ? '' : ' (already registered: nothing new)'}`);
  for (const note of result.notes) io.err(note);
}

/** `floe schema config [SUBJECT] [--level L | --clear] [--mode M]`: show or set levels and modes. */
export async function schemaConfig(ctx: SchemaCommandContext, io: Io): Promise<void> {
  const { core, profileId, values, positionals } = ctx;
  const subject = positionals[0];
  if (values.clear) {
    if (!subject) throw new FloeError('BAD_INPUT', '--clear drops a subject’s own level: name the subject');
    await core.client.call('schemas.setLevel', { profileId, subject, level: null });
  } else if (values.level !== undefined) await core.client.call('schemas.setLevel', { profileId, ...(subject ? { subject } : {}), level: levelFlag(values.level) });
  if (values.mode !== undefined) {
    const mode = RegistryMode.safeParse(String(values.mode).toUpperCase());
    if (!mode.success) throw new FloeError('BAD_INPUT', `--mode must be READWRITE, READONLY or IMPORT, not "${String(values.mode)}"`);
    await core.client.call('schemas.setMode', { profileId, ...(subject ? { subject } : {}), mode: mode.data });
  }
  if (subject) {
    const d = await core.client.call('schemas.subject', { profileId, subject, deleted: false });
    const shown = { subject, level: d.level, levelSource: d.levelSource, mode: d.mode, ...(d.modeNote ? { modeNote: d.modeNote } : {}) };
    return io.out(values.json ? JSON.stringify(shown, null, 2) : `${subject}: level ${d.level} (${d.levelSource}), mode ${d.mode ?? `- (${d.modeNote})`}`);
  }
  const list = await core.client.call('schemas.list', { profileId, deleted: false });
  io.out(values.json ? JSON.stringify({ level: list.globalLevel, registry: list.registry }, null, 2) : `global level ${list.globalLevel}; ${list.registry.product}`);
}

/** `floe schema delete SUBJECT [--version N] [--permanent] --confirm SUBJECT`. */
export async function schemaDelete(ctx: SchemaCommandContext, io: Io): Promise<void> {
  const { core, profileId, values } = ctx;
  const subject = subjectOf(ctx, 'delete');
  if (values.confirm !== subject) throw new FloeError('BAD_INPUT', `deleting needs --confirm ${JSON.stringify(subject)} (the subject name typed again)`);
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new FloeError('BAD_INPUT', `--version must be a version number, not "${String(values.version)}"`);
  const result = await core.client.call('schemas.delete', { profileId, subject, ...(version ? { version } : {}), permanent: Boolean(values.permanent), confirm: subject });
  if (values.json) io.out(JSON.stringify(result));
  else io.out(`${result.permanent ? 'permanently deleted' : 'soft-deleted'} ${subject} version(s) ${result.deleted.join(', ')}`);
}
