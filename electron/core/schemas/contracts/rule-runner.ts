import { celEnv, parse, plan } from '@bufbuild/cel';
import type { Registry } from '@bufbuild/protobuf';
import { FloeError } from '../../../../shared/errors';
import { RuleMode, type Client, type Rule as ConfluentRule, type SchemaMetadata } from '@confluentinc/schemaregistry/dist/schemaregistry-client';
import { RuleConditionError, type Deserializer, type Serializer } from '@confluentinc/schemaregistry/dist/serde/serde';
import type { RecordProblem, RuleFailure, RuleOutcome, RuleSummary, RuleTransform } from '../../../../shared/model/contracts';
import type { Rule, RuleSet, SchemaType } from '../../../../shared/model/schemas';
import { overlayClient } from './confluent-client';
import { FieldWatch, ruleRegistry, serdes } from './confluent-serdes';
import { fieldsRead, jsonSafe } from './fields-read';
import { changedFields } from './transform-changes';

export interface RunRecord {
  /** Wire-format bytes as they sit on the topic, or a pasted value. */
  bytes?: Buffer;
  value?: unknown;
  /** Why the record cannot be tested at all (e.g. cut at the page limit). */
  problem?: string;
  partition?: number;
  offset?: number;
  index?: number;
}

export interface RunInput {
  type: SchemaType;
  subject: string;
  topic: string;
  part: 'key' | 'value';
  /** Confluent's client for the profile's registry (its in-memory one when there is none). */
  client: Client;
  /** The tested schema as the subject's latest version; id 0 for an unregistered draft. */
  tested: SchemaMetadata;
  /** An older version a consumer reads with: DOWNGRADE migrations run for it. */
  reader?: SchemaMetadata;
  ruleSet: RuleSet;
  records: RunRecord[];
  maxFailures: number;
}

export interface RunResult {
  decoded: number;
  undecodable: RecordProblem[];
  rules: RuleSummary[];
  failures: RuleFailure[];
  transforms: RuleTransform[];
  truncated: boolean;
}

const EXECUTED = new Set(['CEL', 'CEL_FIELD', 'JSONATA']);
/** What @confluentinc/schemaregistry (1.10) says in its ProtobufDeserializer: it migrates no Protobuf record. */
export const PROTOBUF_MIGRATIONS =
  "a migration rule on a Protobuf schema: Confluent's JavaScript client, which runs the rules here, does not run migrations on Protobuf records (it has no dynamic messages to migrate); its Java and Python clients do";
const CEL_DOES_NOT_COMPILE = 'its CEL does not compile';

/**
 * Runs each rule alone, record by record, through Confluent's own serializers: WRITE (and WRITEREAD)
 * rules as a producer's serializer runs them, READ rules and UPGRADE migrations as a consumer's
 * deserializer with use.latest.version does (a migration applies to records of older versions only).
 * The record is first read as a consumer on the tested schema would read it (that is also the answer
 * to "would this schema decode these records?"). Each rule's failure action is replaced by ERROR so a
 * failure is reported here instead of acted on (a DLQ, say).
 */
export async function runRules(input: RunInput): Promise<RunResult> {
  if (input.type === 'PROTOBUF') await assertProtobufReadable(input);
  const watch = new FieldWatch();
  const registry = ruleRegistry(watch);
  const base = serdes(input.type, overlayClient(input.client, input.subject, input.tested), input.subject, input.part, registry);
  const undecodable: RecordProblem[] = [];
  const readable: { record: RunRecord; msg: unknown; bytes: Buffer | null }[] = [];
  for (const record of input.records) {
    if (record.problem) {
      undecodable.push({ ...where(record), reason: record.problem });
      continue;
    }
    try {
      readable.push(await readRecord(base, input, record));
    } catch (e) {
      undecodable.push({ ...where(record), reason: (e as Error).message });
    }
  }

  const rules = [...(input.ruleSet.domainRules ?? []), ...(input.ruleSet.migrationRules ?? []), ...(input.ruleSet.encodingRules ?? [])];
  const summaries: RuleSummary[] = [];
  const failures: RuleFailure[] = [];
  const transforms: RuleTransform[] = [];
  let truncated = false;
  for (const rule of rules) {
    const summary: RuleSummary = { name: rule.name, kind: rule.kind, type: rule.type, mode: rule.mode, ...(rule.expr ? { expr: rule.expr } : {}), ...(rule.onFailure ? { onFailure: rule.onFailure } : {}), tested: 0, passed: 0, failed: 0, errors: 0 };
    summaries.push(summary);
    const skipped = skipReason(rule, input, input.records.some((r) => r.bytes));
    if (skipped) {
      summary.skipped = skipped;
      if (skipped.startsWith(CEL_DOES_NOT_COMPILE)) summary.invalid = true;
      continue;
    }
    const migration = isMigration(rule);
    const alone = [{ ...(rule as ConfluentRule), onFailure: 'ERROR', onSuccess: 'NONE' }];
    const tested: SchemaMetadata = { ...input.tested, ruleSet: migration ? { migrationRules: alone } : { domainRules: alone } };
    const client = overlayClient(input.client, input.subject, tested, rule.mode === 'DOWNGRADE' ? input.reader : undefined);
    const one = serdes(input.type, client, input.subject, input.part, registry);
    // Protobuf rules run on the schema as the serdes read it (a serialized descriptor, not .proto text).
    const target = input.type === 'PROTOBUF' ? await client.getLatestSchemaMetadata(input.subject, 'serialized') : tested;
    for (const r of readable) {
      watch.reset();
      // CEL reads a Protobuf message with the types of the serde that made it (the tested one for READ rules).
      if (input.type === 'PROTOBUF') watch.protoTypes = protoTypes(rule.mode === 'READ' ? one.deserializer : base.deserializer);
      const { outcome, message, value } = await runOne(one, base, input, rule, target, r.msg, r.bytes);
      if (migration && outcome === 'passed' && !watch.ran) {
        summary.notApplicable = (summary.notApplicable ?? 0) + 1; // the record is already of the tested version
        continue;
      }
      if (migration && outcome === 'passed' && !summary.example) summary.example = { ...where(r.record), value: jsonSafe(plain(value)) };
      summary.tested++;
      summary[outcome === 'passed' ? 'passed' : outcome === 'failed' ? 'failed' : 'errors']++;
      if (outcome === 'passed') {
        const changes = rule.kind === 'TRANSFORM' || migration ? changedFields(r.msg, plain(value)) : [];
        if (changes.length === 0) continue;
        summary.changed = (summary.changed ?? 0) + 1;
        if (transforms.length < input.maxFailures) transforms.push({ rule: rule.name, ...where(r.record), changes });
        else truncated = true;
        continue;
      }
      if (failures.length >= input.maxFailures) {
        truncated = true;
        continue;
      }
      const fields = rule.type === 'CEL_FIELD' ? watch.rejected : fieldsRead(rule.expr ?? '', r.msg);
      failures.push({ rule: rule.name, outcome, ...where(r.record), message: message!, fields });
    }
  }
  return { decoded: readable.length, undecodable, rules: summaries, failures, transforms, truncated };
}

/** The record as a consumer reading with the tested schema gets it, and the bytes READ rules run on. */
async function readRecord(base: { serializer: Serializer; deserializer: Deserializer }, input: RunInput, record: RunRecord): Promise<{ record: RunRecord; msg: unknown; bytes: Buffer | null }> {
  // A producer holds plain objects: Avro records come back from avsc as class instances, which CEL does not take.
  if (record.bytes) return { record, msg: plain(await base.deserializer.deserialize(input.topic, record.bytes)), bytes: record.bytes };
  if (input.type === 'PROTOBUF') throw new Error('pasted records are tested against Avro and JSON Schema; for Protobuf, test the records of a topic');
  const bytes = await base.serializer.serialize(input.topic, structuredClone(record.value));
  return { record, msg: record.value, bytes };
}

type Serdes = { serializer: Serializer; deserializer: Deserializer };

/** One rule on one record; `value` is the record as the rule left it (read back from the bytes a WRITE rule produced). */
async function runOne(
  one: Serdes,
  base: Serdes,
  input: RunInput,
  rule: Rule,
  target: SchemaMetadata,
  msg: unknown,
  bytes: Buffer | null,
): Promise<{ outcome: RuleOutcome; message?: string; value?: unknown }> {
  try {
    if (rule.mode === 'READ' || isMigration(rule)) {
      if (!bytes) return { outcome: 'error', message: 'no bytes to read' };
      return { outcome: 'passed', value: await one.deserializer.deserialize(input.topic, bytes) };
    } else if (input.type === 'PROTOBUF') {
      // What ProtobufSerializer.serialize runs before encoding (it needs generated message classes to encode),
      // on a message of its own: transforms change the message they are given.
      const fresh: unknown = bytes ? await base.deserializer.deserialize(input.topic, bytes) : msg;
      return { outcome: 'passed', value: await one.serializer.executeRules(input.subject, input.topic, RuleMode.WRITE, null, target, fresh, null) };
    }
    const written = await one.serializer.serialize(input.topic, structuredClone(msg));
    return { outcome: 'passed', value: rule.kind === 'TRANSFORM' ? await base.deserializer.deserialize(input.topic, written) : msg };
  } catch (e) {
    const message = (e as Error).message;
    const prefix = `rule ${rule.name} failed: `;
    if (!message.startsWith(prefix)) return { outcome: 'error', message: `the record does not fit the tested schema: ${message}` };
    const reason = message.slice(prefix.length);
    const conditionFailed = rule.kind === 'CONDITION' && reason === RuleConditionError.error(rule as ConfluentRule);
    return { outcome: conditionFailed ? 'failed' : 'error', message: reason };
  }
}

/** The tested Protobuf schema as the serdes will read it, once, so a broken one is one message rather than one per record. */
async function assertProtobufReadable(input: RunInput): Promise<void> {
  try {
    await overlayClient(input.client, input.subject, input.tested).getLatestSchemaMetadata(input.subject, 'serialized');
  } catch (e) {
    throw new FloeError('BAD_INPUT', `the Protobuf schema under test cannot be read: ${(e as Error).message}`);
  }
}

function protoTypes(serde: Deserializer): () => Registry {
  return () => (serde as unknown as { fileRegistry: Registry }).fileRegistry;
}

/**
 * Migration rules, run by a consumer's deserializer: UPGRADE (and UPDOWN's upgrade half) with the tested
 * version as the latest, on records of older versions; DOWNGRADE with an older reader version as the latest,
 * on records written with the tested version or a newer one.
 */
function isMigration(rule: Rule): boolean {
  return rule.mode === 'UPGRADE' || rule.mode === 'UPDOWN' || rule.mode === 'DOWNGRADE';
}

/** Why a rule is not run by the test, or null. */
function skipReason(rule: Rule, input: RunInput, hasBytes: boolean): string | null {
  const { ruleSet, type, tested, reader } = input;
  if (rule.disabled) return 'disabled';
  if (ruleSet.encodingRules?.includes(rule)) return 'an encoding rule (it acts on bytes, e.g. encryption): not run by the test';
  if (type === 'PROTOBUF' && ruleSet.migrationRules?.includes(rule)) return PROTOBUF_MIGRATIONS;
  if (isMigration(rule) && !hasBytes) return 'a migration rule runs on records written with another version: test it over a topic';
  if (rule.mode === 'DOWNGRADE' && !tested.id)
    return `a DOWNGRADE migration runs on records written with its own version (or a newer one) for a consumer on an older version; no record is written with a schema that is not registered: test a registered version`;
  if (rule.mode === 'DOWNGRADE' && !reader)
    return `a DOWNGRADE migration runs for a consumer that reads with an older version: choose a reader version older than ${tested.version} to run it on the records written with version ${tested.version} or newer`;
  if (!EXECUTED.has(rule.type.toUpperCase())) return `a ${rule.type} rule needs an executor Floe does not run (it runs CEL, CEL_FIELD and JSONATA)`;
  if (rule.type.startsWith('CEL')) {
    const problem = celProblem(rule.expr ?? '');
    if (problem) return `${CEL_DOES_NOT_COMPILE}: ${problem}`;
  }
  return null;
}

/** Parses a CEL expression (and its guard, before ";") with the parser Confluent's executor uses. */
export function celProblem(expr: string): string | null {
  if (!expr.trim()) return 'the expression is empty';
  for (const part of expr.includes(';') ? expr.split(';', 2) : [expr]) {
    if (!part.trim()) continue;
    try {
      plan(celEnv({}), parse(part));
    } catch (e) {
      return (e as Error).message.replace(/^<input>:/, '');
    }
  }
  return null;
}

/** Class instances (avsc records) as plain objects, all the way down; buffers, BigInts and Protobuf messages kept. */
function plain(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v) || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, plain(x)]));
  if ('$typeName' in v) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

function where(r: RunRecord): { partition?: number; offset?: number; index?: number } {
  return r.index !== undefined ? { index: r.index } : { partition: r.partition, offset: r.offset };
}
