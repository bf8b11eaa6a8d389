import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { FloeError } from '../../../shared/errors';
import type { RuleTestReport } from '../../../shared/model/contracts';
import type { CompatibilityReport } from '../../../shared/model/schemas';
import { parseContract } from '../../core/schemas/contracts/contract-file';
import type { Io } from '../output';
import { table } from '../output';
import { describeReport } from '../schema/schema-write';
import { withCluster } from './cluster-session';

export const contractCommand = {
  summary: "Test a data contract (schema + metadata + ruleSet) in CI: the subject's compatibility and every rule over a topic's newest records",
  usage:
    'floe contract test FILE --topic T [--last N] [--part value|key] [--subject S] [--reader-version V] [--json] [cluster flags]   (exit 1: a rule fails or the schema is incompatible; --reader-version: a consumer on that older version, for DOWNGRADE rules)',
  async run(argv: string[], io: Io): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub !== 'test') throw new FloeError('BAD_INPUT', `floe contract needs "test" (not ${sub ? `"${sub}"` : 'nothing'}): floe contract test FILE --topic T`);
    let code = 0;
    await withCluster(
      rest,
      { topic: { type: 'string' }, last: { type: 'string' }, part: { type: 'string' }, subject: { type: 'string' }, 'reader-version': { type: 'string' } },
      async ({ core, profileId, values, positionals }) => {
        const file = positionals[0];
        if (!file) throw new FloeError('BAD_INPUT', 'contract test needs a contract file: floe contract test contract.yaml --topic T');
        const topic = values.topic;
        if (!topic) throw new FloeError('BAD_INPUT', 'contract test needs --topic: the topic whose newest records the rules run over');
        const last = values.last === undefined ? 100 : Number(values.last);
        if (!Number.isInteger(last) || last < 1 || last > 10_000) throw new FloeError('BAD_INPUT', `--last must be a whole number from 1 to 10000, not "${values.last}"`);
        const part = (values.part ?? 'value') as 'key' | 'value';
        if (part !== 'key' && part !== 'value') throw new FloeError('BAD_INPUT', `--part must be key or value, not "${values.part}"`);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new FloeError('BAD_INPUT', `Cannot read contract file ${file}: ${(e as Error).message}`);
        }
        const contract = parseContract(text, basename(file), (path) => readFileSync(resolve(dirname(file), path), 'utf8'));
        const subject = values.subject ?? contract.subject ?? `${topic}-${part}`;
        const compatibility = await core.client.call('schemas.check', { profileId, subject, draft: contract.draft });
        const reader = values['reader-version'];
        const readerVersion = reader === undefined ? undefined : Number(reader);
        if (readerVersion !== undefined && (!Number.isInteger(readerVersion) || readerVersion < 1)) throw new FloeError('BAD_INPUT', `--reader-version must be a version number, not "${reader}"`);
        const records = { kind: 'topic' as const, topic, last, part };
        const rules = await core.client.call('schemas.testRules', { profileId, source: { draft: contract.draft }, subject, records, ...(readerVersion ? { readerVersion } : {}) });
        const broken = rules.rules.reduce((n, r) => n + r.failed + r.errors + (r.invalid ? 1 : 0), 0) + rules.records.undecodable.length;
        const passed = compatibility.compatible && broken === 0;
        if (values.json) io.out(JSON.stringify({ passed, subject, compatibility, rules }, null, 2));
        else io.out(describeContractRun(compatibility, rules, passed));
        code = passed ? 0 : 1;
      },
    );
    return code;
  },
};

export function describeContractRun(compatibility: CompatibilityReport, r: RuleTestReport, passed: boolean): string {
  const lines = [describeReport(compatibility), ''];
  lines.push(`${r.records.read} record(s) read from the topic, ${r.records.decoded} decoded with the contract's schema (${r.ms} ms)`);
  for (const u of r.records.undecodable.slice(0, 20)) lines.push(`  cannot decode ${u.partition ?? ''}/${u.offset ?? u.index}: ${u.reason}`);
  if (r.rules.length)
    lines.push(
      table(
        ['RULE', 'TYPE', 'MODE', 'TESTED', 'PASSED', 'FAILED', 'ERRORS', 'CHANGED', ''],
        r.rules.map((x) => [x.name, x.type, x.mode, x.tested, x.passed, x.failed, x.errors, x.changed ?? '', x.invalid ? `INVALID: ${x.skipped}` : x.skipped ? `skipped: ${x.skipped}` : x.onFailure ? `on failure: ${x.onFailure}` : '']),
      ),
    );
  for (const x of r.rules) if (x.example) lines.push(`  ${x.name} migrated ${x.example.partition}/${x.example.offset} to ${JSON.stringify(x.example.value)}`);
  for (const f of r.failures)
    lines.push(`  ${f.rule} ${f.outcome} at ${f.partition ?? ''}/${f.offset ?? f.index}: ${f.message}${f.fields.length ? ` (${f.fields.map((x) => `${x.path}=${JSON.stringify(x.value)}`).join(', ')})` : ''}`);
  for (const t of r.transforms)
    lines.push(`  ${t.rule} changed ${t.partition ?? ''}/${t.offset ?? t.index}: ${t.changes.map((c) => `${c.path} ${shown(c.before)} -> ${shown(c.after)}`).join(', ')}`);
  if (r.truncated) lines.push('  (more failures or changed records: the lists are cut, the counts are complete)');
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', passed ? 'contract PASSED' : 'contract FAILED');
  return lines.join('\n');
}

const shown = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
