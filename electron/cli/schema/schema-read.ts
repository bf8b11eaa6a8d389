import { FloeError } from '../../../shared/errors';
import type { Io } from '../output';
import { table } from '../output';
import type { SchemaCommandContext } from './schema-context';

/** `floe schema ls`: subjects with type, latest version, versions, level. */
export async function schemaLs({ core, profileId, values, positionals }: SchemaCommandContext, io: Io): Promise<void> {
  const list = await core.client.call('schemas.list', { profileId, deleted: Boolean(values.deleted) });
  const needle = (positionals[0] ?? '').toLowerCase();
  const subjects = list.subjects.filter((s) => s.subject.toLowerCase().includes(needle));
  if (values.json) return io.out(JSON.stringify({ ...list, subjects }, null, 2));
  io.out(
    table(
      ['SUBJECT', 'TYPE', 'LATEST', 'VERSIONS', 'LEVEL', ''],
      subjects.map((s) => [
        s.subject,
        s.schemaType,
        s.latestVersion ?? '-',
        s.versions,
        `${s.level}${s.levelSource === 'global' ? ' (global)' : ''}`,
        s.deleted ? 'deleted' : (s.problem ?? ''),
      ]),
    ),
  );
  io.err(`${subjects.length} subject(s); global level ${list.globalLevel}; ${list.registry.product}`);
}

/** `floe schema get SUBJECT [--version N] [--versions]`: the schema text, or the version history. */
export async function schemaGet({ core, profileId, values, positionals }: SchemaCommandContext, io: Io): Promise<void> {
  const subject = positionals[0];
  if (!subject) throw new FloeError('BAD_INPUT', 'schema get needs a subject: floe schema get SUBJECT [--version N]');
  if (values.versions) {
    const detail = await core.client.call('schemas.subject', { profileId, subject, deleted: Boolean(values.deleted) });
    if (values.json) return io.out(JSON.stringify(detail, null, 2));
    io.out(`${detail.subject}: ${detail.schemaType}, level ${detail.level} (${detail.levelSource}), mode ${detail.mode ?? `- (${detail.modeNote ?? 'not served'})`}`);
    io.out(table(['VERSION', 'ID', 'CREATED', ''], detail.versions.map((v) => [v.version, v.id, v.createdAt ?? '-', v.deleted ? 'deleted' : ''])));
    if (detail.topics.length) io.out(`topics: ${detail.topics.map((t) => `${t.topic} (${t.part})`).join(', ')}`);
    return;
  }
  const version = versionFlag(values.version);
  const found = await core.client.call('schemas.version', { profileId, subject, version });
  if (values.json) return io.out(JSON.stringify(found, null, 2));
  io.out(found.schemaType === 'PROTOBUF' ? found.schema : prettyJson(found.schema));
  io.err(
    `${found.subject} version ${found.version}, id ${found.id}, ${found.schemaType}` +
      (found.references.length ? `; uses ${found.references.map((r) => `${r.name}=${r.subject}:${r.version}`).join(', ')}` : '') +
      (found.referencedBy.length ? `; used by ${found.referencedBy.map((r) => `${r.subject}:${r.version}`).join(', ')}` : ''),
  );
}

export function versionFlag(flag: unknown): number | 'latest' {
  if (flag === undefined || flag === 'latest') return 'latest';
  if (typeof flag !== 'string' || !/^\d+$/.test(flag) || Number(flag) < 1) throw new FloeError('BAD_INPUT', `--version must be a version number or "latest", not "${String(flag)}"`);
  return Number(flag);
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
