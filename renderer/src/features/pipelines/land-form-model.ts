import { LandJobSpec } from '../../../../shared/model/land';
import { isFloeError } from '../../../../shared/errors';
import { parseTableName } from '../tables/table-form';

/** Everything the "New landing" form edits, as text and choices. */
export interface LandForm {
  name: string;
  profileId: string;
  topic: string;
  catalogPath: string;
  warehouse: string;
  /** Create the SQLite catalog file when it does not exist. */
  createCatalog: boolean;
  /** A profile whose S3 store holds the warehouse; empty: local files. */
  storeProfile: string;
  /** namespace.table */
  table: string;
  /** Empty: chosen from the topic (cleanup.policy=compact → upsert, a Debezium envelope → cdc). */
  mode: '' | 'append' | 'upsert' | 'cdc';
  /** Upsert key columns, comma-separated; empty: the Kafka key's fields or the schema's identifier fields. */
  keyFields: string;
  startKind: 'earliest' | 'latest' | 'time';
  startTime: string;
  commitSeconds: string;
  /** Also commit when this many MiB are staged; empty: only on time. */
  commitMiB: string;
  badRecords: 'suspend' | 'skip' | 'dead-letter';
  deadLetterTopic: string;
  metadataColumns: 'none' | 'tableflow' | 'floe';
  /** Partition transforms, one per line: day(event_time), bucket(16, id). */
  partitionBy: string;
}

export type FormField = keyof LandForm | 'form';
export type Problems = Partial<Record<FormField, string>>;

export function emptyLandForm(profileId: string): LandForm {
  return {
    name: '',
    profileId,
    topic: '',
    catalogPath: '',
    warehouse: '',
    createCatalog: true,
    storeProfile: '',
    table: '',
    mode: '',
    keyFields: '',
    startKind: 'earliest',
    startTime: '',
    commitSeconds: '10',
    commitMiB: '',
    badRecords: 'suspend',
    deadLetterTopic: '',
    metadataColumns: 'none',
    partitionBy: '',
  };
}

const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

/** A decimal number as typed, or NaN. */
const decimal = (text: string) => (/^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN);

/**
 * The job spec the form describes, checked by the schema the core validates with; problems are keyed by the
 * field that edits them. `parseTime` reads the start time in the user's zone (it throws a message saying what to type).
 */
export function specFromForm(f: LandForm, parseTime: (text: string) => number): { spec: LandJobSpec | null; problems: Problems } {
  const problems: Problems = {};
  let table = { namespace: [] as string[], name: '' };
  try {
    table = parseTableName(f.table);
  } catch (e) {
    problems.table = (e as Error).message;
  }
  let start: LandJobSpec['start'] = f.startKind === 'time' ? undefined : f.startKind;
  if (f.startKind === 'time') {
    try {
      start = { timestampMs: parseTime(f.startTime) };
    } catch (e) {
      problems.startTime = (e as Error).message;
    }
  }
  const seconds = decimal(f.commitSeconds);
  if (Number.isNaN(seconds)) problems.commitSeconds = 'Enter the commit interval in seconds, e.g. 10';
  const mib = f.commitMiB.trim() ? decimal(f.commitMiB) : undefined;
  if (Number.isNaN(mib)) problems.commitMiB = 'Enter a size in MiB, e.g. 128, or leave it empty';

  const spec: LandJobSpec = {
    name: f.name,
    profileId: f.profileId,
    topic: f.topic,
    catalog: { kind: 'sqlite', path: f.catalogPath.trim(), ...(f.warehouse.trim() ? { warehouse: f.warehouse.trim() } : {}), create: f.createCatalog, ...(f.storeProfile ? { objectStore: { profileId: f.storeProfile } } : {}) },
    table,
    ...(f.mode ? { mode: f.mode } : {}),
    ...(f.mode !== 'append' && f.keyFields.trim() ? { keyFields: list(f.keyFields, /,/) } : {}),
    metadataColumns: f.metadataColumns,
    partitionBy: list(f.partitionBy, /\n/),
    commit: { intervalMs: Math.round(seconds * 1000), ...(mib !== undefined ? { maxBytes: Math.round(mib * 1024 * 1024) } : {}) },
    ...(start ? { start } : {}),
    badRecords: f.badRecords,
    ...(f.badRecords === 'dead-letter' && f.deadLetterTopic.trim() ? { deadLetterTopic: f.deadLetterTopic.trim() } : {}),
  };
  const parsed = LandJobSpec.safeParse(spec);
  if (!parsed.success) for (const issue of parsed.error.issues) problems[fieldOfPath(issue.path.map(String))] ??= messageOf(issue.path.map(String), issue.message);
  return { spec: Object.keys(problems).length ? null : spec, problems };
}

/** zod's words, said for this form: the commit interval is typed in seconds, the size in MiB. */
function messageOf(path: string[], message: string): string {
  const [head, second] = path;
  if (head === 'commit' && second === 'intervalMs') return 'The commit interval is 0.2 s to 1 hour';
  if (head === 'commit' && second === 'maxBytes') return 'A commit size is at least 1 MiB';
  if (head === 'name') return 'Name the job (up to 200 characters)';
  if (head === 'topic') return 'Pick the topic to land';
  if (head === 'profileId') return 'Pick the cluster the topic is on';
  if (head === 'catalog' && second === 'path') return 'Enter the path of the SQL catalog’s SQLite file';
  return message;
}

function fieldOfPath(path: string[]): FormField {
  const [head, second] = path;
  if (head === 'catalog') return second === 'warehouse' ? 'warehouse' : second === 'objectStore' ? 'storeProfile' : 'catalogPath';
  if (head === 'commit') return second === 'maxBytes' ? 'commitMiB' : 'commitSeconds';
  if (head === 'start') return 'startTime';
  const direct: Record<string, FormField> = { name: 'name', profileId: 'profileId', topic: 'topic', table: 'table', mode: 'mode', keyFields: 'keyFields', metadataColumns: 'metadataColumns', partitionBy: 'partitionBy', badRecords: 'badRecords', deadLetterTopic: 'deadLetterTopic' };
  return direct[head ?? ''] ?? 'form';
}

/** The core's refusal, shown by the field it is about: its input issues by path, a taken name or table by those fields. */
export function problemsOfCoreError(e: unknown): Problems {
  const message = (e as Error).message;
  if (isFloeError(e, 'BAD_INPUT')) {
    const issues = (e.detail as { issues?: unknown } | undefined)?.issues;
    if (Array.isArray(issues) && issues.length) {
      const problems: Problems = {};
      for (const issue of issues.map(String)) {
        const [path = '', ...rest] = issue.split(': ');
        problems[fieldOfPath(path.split('.'))] ??= rest.join(': ') || issue;
      }
      return problems;
    }
  }
  if (isFloeError(e, 'CONFLICT') && /named/.test(message)) return { name: message };
  if (isFloeError(e, 'CONFLICT') && /lands into/.test(message)) return { table: message };
  return { form: message };
}
