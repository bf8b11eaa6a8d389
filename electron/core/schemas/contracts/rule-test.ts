import type { z } from 'zod';
import { FloeError } from '../../../../shared/errors';
import { dropsContracts, type RuleTestReport, type RuleTestRequest } from '../../../../shared/model/contracts';
import type { RuleSet, SchemaReference, SchemaType } from '../../../../shared/model/schemas';
import type { SchemaMetadata as ConfluentSchema } from '@confluentinc/schemaregistry/dist/schemaregistry-client';
import { RAW_DECODING, readLastRecords } from '../../messages/last-records';
import type { MessagesService } from '../../messages/messages-service';
import type { RegistryClients } from '../../registry/registry-clients';
import { assertValid, validateDraft } from '../validate/validate-draft';
import { confluentClient } from './confluent-client';
import { runRules, type RunRecord } from './rule-runner';

type Request = z.output<typeof RuleTestRequest>;

/**
 * Tests a version's or a draft's rules over the newest records of a topic (or pasted JSON) with
 * Confluent's own serializers, and says which records fail which rule, with the fields the rule read.
 */
export async function testRules(deps: { registries: RegistryClients; messages: MessagesService }, input: Request, signal?: AbortSignal): Promise<RuleTestReport> {
  const started = performance.now();
  const registry = deps.registries.get(input.profileId);
  const notes: string[] = [];
  const part = input.records.kind === 'topic' ? input.records.part : 'value';
  const topic = input.records.kind === 'topic' ? input.records.topic : 'pasted';

  let subject: string;
  let tested: ConfluentSchema;
  let ruleSet: RuleSet;
  let schemaType: SchemaType;
  if ('draft' in input.source) {
    const { result } = await validateDraft(input.source.draft, registry?.endpoint ?? null, signal);
    assertValid(result, 'The schema under test');
    subject = input.subject ?? (input.records.kind === 'topic' ? `${topic}-${part}` : 'pasted-value');
    const d = input.source.draft;
    // A draft the subject already holds (a contract file of a registered version) is tested as that version.
    const same = registry ? await registeredAs(registry, subject, d, signal) : null;
    const latest = registry && !same ? await registry.api.version(subject, 'latest', signal).catch(() => null) : null;
    if (same) notes.push(`the schema under test is version ${same.version} of ${subject}: its rules run as that version's`);
    schemaType = d.schemaType;
    const at = same ? { id: same.id, version: same.version } : { id: 0, version: (latest?.version ?? 0) + 1 };
    tested = { ...at, subject, schemaType: d.schemaType, schema: same?.schema ?? d.schema, references: d.references, ...(d.metadata ? { metadata: d.metadata } : {}) };
    ruleSet = d.ruleSet ?? {};
  } else {
    if (!registry) throw new FloeError('BAD_INPUT', 'testing a registered version needs a profile with a schema registry');
    const v = await registry.api.version(input.source.subject, input.source.version, signal);
    subject = input.subject ?? v.subject;
    schemaType = v.schemaType;
    const metadata = input.source.metadata ?? v.metadata;
    tested = { id: v.id, version: v.version, subject, schemaType: v.schemaType, schema: v.schema, references: v.references, ...(metadata ? { metadata } : {}) };
    ruleSet = input.source.ruleSet ?? v.ruleSet ?? {};
    if (!input.source.ruleSet && !v.ruleSet) {
      const info = (await registry.api.dialect(signal)).info;
      notes.push(
        dropsContracts(info)
          ? `${info.product} does not keep ruleSets: version ${v.version} has none stored; test the rules from a contract file or a draft`
          : `version ${v.version} has no ruleSet: nothing to test`,
      );
    }
  }

  const reader = input.readerVersion ? await readerOf(registry, subject, input.readerVersion, tested, signal) : undefined;
  const records = await recordsOf(deps.messages, input, part, notes, signal);
  const client = confluentClient(registry?.endpoint ?? null);
  const run = await runRules({ type: schemaType, subject, topic, part, client, tested, ...(reader ? { reader } : {}), ruleSet, records, maxFailures: input.maxFailures });
  if (run.rules.length === 0 && notes.length === 0) notes.push('the schema under test has no rules');
  return {
    subject,
    schemaType,
    records: { read: records.length, decoded: run.decoded, undecodable: run.undecodable },
    rules: run.rules,
    failures: run.failures,
    transforms: run.transforms,
    truncated: run.truncated,
    notes,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The version the subject holds this draft's schema as, or null. A contract file's YAML block ends the schema
 * with a newline the registered text may not have: a registry that compares text (Apicurio) is asked both ways.
 */
async function registeredAs(registry: NonNullable<ReturnType<RegistryClients['get']>>, subject: string, d: { schemaType: SchemaType; schema: string; references?: SchemaReference[] }, signal?: AbortSignal) {
  for (const schema of new Set([d.schema, d.schema.trim()])) {
    const found = await registry.api.lookup(subject, { schemaType: d.schemaType, schema, references: d.references ?? [] }, signal).catch(() => null);
    if (found) return found;
  }
  return null;
}

/** The older version a consumer reads with (DOWNGRADE migrations run for it), as stored. */
async function readerOf(registry: ReturnType<RegistryClients['get']>, subject: string, version: number, tested: ConfluentSchema, signal?: AbortSignal): Promise<ConfluentSchema> {
  if (!registry) throw new FloeError('BAD_INPUT', 'a reader version needs a profile with a schema registry');
  if (version >= tested.version!) throw new FloeError('BAD_INPUT', `the reader version (${version}) must be older than the tested version (${tested.version}): DOWNGRADE migrations run for consumers on older versions`);
  const v = await registry.api.version(subject, version, signal).catch((e: unknown) => {
    throw new FloeError('BAD_INPUT', `reader version ${version} of ${subject}: ${(e as Error).message}`);
  });
  return { id: v.id, version: v.version, subject, schemaType: v.schemaType, schema: v.schema, references: v.references };
}

/** A record without the wire-format header: its JSON value (rules run on it as on pasted JSON), else the bytes (reported undecodable). */
function jsonOrBytes(bytes: Buffer): { value: unknown } | { bytes: Buffer } {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { bytes };
  }
}

async function recordsOf(messages: MessagesService, input: Request, part: 'key' | 'value', notes: string[], signal?: AbortSignal): Promise<RunRecord[]> {
  if (input.records.kind === 'json') return input.records.values.map((value, index) => ({ index, value }));
  const read = await readLastRecords(messages, { profileId: input.profileId, topic: input.records.topic, count: input.records.last, decoding: RAW_DECODING }, signal);
  const out: RunRecord[] = [];
  let nulls = 0;
  for (const r of read) {
    const p = r[part];
    if (p.kind === 'null') {
      nulls++;
      continue;
    }
    const at = { partition: r.partition, offset: r.offset };
    if (p.error) {
      out.push({ ...at, problem: p.error }); // a part over the page limit comes back cut, with the reason
      continue;
    }
    const bytes = Buffer.from(String(p.value), 'hex');
    out.push(bytes[0] === 0 ? { ...at, bytes } : { ...at, ...jsonOrBytes(bytes) });
  }
  if (nulls) notes.push(`${nulls} record(s) with a null ${part} (tombstones) are not tested`);
  return out;
}
