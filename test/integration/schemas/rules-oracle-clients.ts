import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabInfo } from '../../../electron/lab';
import type { RuleTestReport } from '../../../shared/model/contracts';
import type { Rule, SchemaReference, SchemaType } from '../../../shared/model/schemas';
import type { startCore } from '../core-session';
import { kafkaPython } from '../python-kafka';

const root = join(import.meta.dirname, '..', '..', '..');
let protocPython: string | undefined;

/** protoc's serialized FileDescriptorProto (base64) of each given .proto file (scripts/python-protoc.sh makes the venv). */
export function protoc(files: Record<string, string>): Record<string, string> {
  protocPython ??= execFileSync('bash', [join(root, 'scripts', 'python-protoc.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const out = JSON.parse(execFileSync(protocPython, [join(root, 'test', 'fixtures', 'schemas', 'protoc_descriptors.py')], { input: JSON.stringify({ files }), encoding: 'utf8', timeout: 60_000 })) as Record<string, string>;
  if (typeof out.error === 'string') throw new Error(`protoc: ${out.error}`);
  return out;
}

export interface OracleCase {
  core: ReturnType<typeof startCore>;
  lab: LabInfo;
  profileId: string;
  type: SchemaType;
  topic: string;
  /** The draft under test. */
  schema: string;
  references?: SchemaReference[];
  rules: Rule[];
  /** An older version a consumer reads with: DOWNGRADE rules run for it. */
  readerVersion?: number;
  /** Protobuf: each .proto text the registry may answer with → protoc's descriptor (imports first), and the message's full name. */
  protobuf?: { descriptors: Record<string, string>; message: string };
}

const migration = (r: Rule) => r.mode === 'UPGRADE' || r.mode === 'UPDOWN' || r.mode === 'DOWNGRADE';

/** Floe's outcomes (Confluent's JavaScript client) and the Python client's (test/fixtures/schemas/rules_oracle.py), record by record. */
export async function bothClients(c: OracleCase) {
  const subject = `${c.topic}-value`;
  const draft = { schemaType: c.type, schema: c.schema, references: c.references ?? [], ruleSet: { domainRules: c.rules.filter((r) => !migration(r)), migrationRules: c.rules.filter(migration) } };
  const report: RuleTestReport = await c.core.client.call('schemas.testRules', { profileId: c.profileId, source: { draft }, records: { kind: 'topic', topic: c.topic, last: 50 }, ...(c.readerVersion ? { readerVersion: c.readerVersion } : {}) });
  const page = await c.core.client.call('messages.read', { profileId: c.profileId, topic: c.topic, start: { kind: 'beginning' }, decoding: { key: { format: 'hex' }, value: { format: 'hex' } } });
  const key = (p: number, o: number) => `${p}/${o}`;
  const floe: Record<string, Record<string, string>> = {};
  for (const r of c.rules) {
    floe[r.name] = Object.fromEntries(page.records.map((rec) => [key(rec.partition, rec.offset), 'passed']));
    for (const f of report.failures.filter((x) => x.rule === r.name)) floe[r.name]![key(f.partition!, f.offset!)] = f.outcome;
  }
  const latest = await c.core.client.call('schemas.version', { profileId: c.profileId, subject, version: 'latest' });
  // A draft the subject holds already is that version (as Floe tests it); another is the next one.
  const at = latest.schema === c.schema ? { id: latest.id, version: latest.version } : { id: 0, version: latest.version + 1 };
  const reader = c.readerVersion ? await c.core.client.call('schemas.version', { profileId: c.profileId, subject, version: c.readerVersion }) : null;
  const job = {
    registry: c.lab.registry!.url,
    subject,
    topic: c.topic,
    schemaType: c.type,
    tested: { schema: c.schema, references: c.references ?? [], ...at },
    ...(reader ? { reader: { schema: reader.schema, id: reader.id, version: reader.version } } : {}),
    rules: c.rules,
    records: page.records.map((rec) => ({ key: key(rec.partition, rec.offset), hex: rec.value.value })),
    ...(c.protobuf ?? {}),
  };
  const out = execFileSync(kafkaPython(), [join(root, 'test', 'fixtures', 'schemas', 'rules_oracle.py')], { input: JSON.stringify(job), encoding: 'utf8', timeout: 120_000 });
  const python = JSON.parse(out) as { undecodable: unknown[]; rules: Record<string, Record<string, string>>; errors: Record<string, Record<string, string>>; values: Record<string, Record<string, unknown>> };
  return { report, floe, python };
}

/** "rule p/o: Floe x, Python y" for every record where the two clients disagree. */
export function disagreements(rules: Rule[], floe: Record<string, Record<string, string>>, python: Record<string, Record<string, string>>): string[] {
  return rules.flatMap((r) =>
    Object.entries(python[r.name]!)
      .filter(([k, outcome]) => floe[r.name]![k] !== outcome)
      .map(([k, outcome]) => `${r.name} ${k}: Floe ${floe[r.name]![k]}, Python ${outcome}`),
  );
}

/** Where Floe's changed fields of a TRANSFORM rule differ from the record Python's client made: "rule p/o path: Floe x, Python y". */
export function transformDisagreements(report: RuleTestReport, rule: string, python: Record<string, unknown>): string[] {
  return report.transforms
    .filter((t) => t.rule === rule)
    .flatMap((t) =>
      t.changes
        .map((c) => ({ c, theirs: c.path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], python[`${t.partition}/${t.offset}`]) }))
        .filter(({ c, theirs }) => JSON.stringify(theirs) !== JSON.stringify(c.after))
        .map(({ c, theirs }) => `${rule} ${t.partition}/${t.offset} ${c.path}: Floe ${JSON.stringify(c.after)}, Python ${JSON.stringify(theirs)}`),
    );
}
