import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const lab = inject('lab');
const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'floe-schema-cli-'));
const env = { ...process.env, FLOE_HOME: join(dir, 'home'), FLOE_LAB_HOME: lab.home, FLOE_NO_KEYRING: '1' };
const floe = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/floe.mjs'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
const subject = `cli-schema-${Date.now().toString(36)}-value`;

const file = (name: string, fields: object[]) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields }, null, 2));
  return path;
};
const v1 = file('v1.avsc', [{ name: 'id', type: 'long' }]);
const v2 = file('v2.avsc', [{ name: 'id', type: 'long' }, { name: 'note', type: ['null', 'string'], default: null }]);
const breaking = file('breaking.avsc', [{ name: 'id', type: 'string' }]);
const invalid = join(dir, 'invalid.avsc');
writeFileSync(invalid, '{"type": "record", "name": "Order", "fields": [\n  {"name": "id", "type": "lng"}\n]}');

// Each run is a new process (a few seconds on a loaded machine): generous timeouts.
describe.skipIf(!lab.registry)('floe schema', { timeout: 300_000 }, () => {
  it('registers, sets a level, checks (exit 1 when incompatible), lists, gets, deletes', () => {
    const registered = floe('schema', 'register', subject, '--file', v1, '--json');
    expect(registered.status, registered.stderr).toBe(0);
    expect(JSON.parse(registered.stdout)).toMatchObject({ subject, version: 1, created: true });
    expect(floe('schema', 'config', subject, '--level', 'backward').stdout).toMatch(/level BACKWARD \(subject\), mode - \(Apicurio/);

    const ok = floe('schema', 'check', subject, '--file', v2);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/compatible under BACKWARD \(subject\), compared with version\(s\) 1/);
    const bad = floe('schema', 'check', subject, '--file', breaking, '--json');
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      compatible: false,
      registry: { compatible: false, messages: [expect.stringMatching(/STRING not compatible with writer type: LONG/)] },
      findings: [{ version: 1, direction: 'backward', path: 'Order.id', kind: 'type-changed' }],
    });
    const refused = floe('schema', 'register', subject, '--file', breaking);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^floe: Not registered: Incompatible artifact/);

    expect(floe('schema', 'register', subject, '--file', v2).stdout).toMatch(new RegExp(`${subject} version 2, id \\d+`));
    const iceberg = floe('schema', 'iceberg', subject);
    expect(iceberg.status, iceberg.stderr).toBe(0);
    expect(iceberg.stdout).toMatch(/id\s+long\s+yes\n.*note\s+string\s+no/);
    const recursive = join(dir, 'node.avsc');
    writeFileSync(recursive, JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'], default: null }] }));
    const cannot = floe('schema', 'iceberg', '--file', recursive);
    expect(cannot.status).toBe(1);
    expect(cannot.stdout).toMatch(/^cannot land as Iceberg columns: Avro record Node contains itself/);
    // Protobuf: the file's first message unless another is named.
    const proto = join(dir, 'shop.proto');
    writeFileSync(proto, 'syntax = "proto3";\npackage shop;\nmessage Order { int64 id = 1; }\nmessage Refund { int64 order_id = 1; double amount = 2; }\n');
    expect(floe('schema', 'iceberg', '--file', proto, '--type', 'PROTOBUF').stdout).toMatch(/^message shop\.Order \(the file has shop\.Order, shop\.Refund: choose with --message\)\n.*\nid\s+long\s+yes/);
    const refund = JSON.parse(floe('schema', 'iceberg', '--file', proto, '--type', 'PROTOBUF', '--message', 'Refund', '--json').stdout) as { message: string; columns: { name: string }[] };
    expect([refund.message, refund.columns.map((c) => c.name)]).toEqual(['shop.Refund', ['order_id', 'amount']]);
    const unknown = floe('schema', 'iceberg', '--file', proto, '--type', 'PROTOBUF', '--message', 'Invoice');
    expect(unknown.stderr).toMatch(/the Protobuf schema has no message "Invoice": it has shop\.Order, shop\.Refund/);
    const diff = floe('schema', 'diff', subject, '--from', '1', '--to', '2');
    expect(diff.stdout).toMatch(/added\s+Order\.note\s+union \[null, string\], default null\s+yes\s+yes/);
    expect(floe('schema', 'diff', subject, '--file', breaking).stdout).toMatch(/backward compatible: NO/);
    const ls = floe('schema', 'ls', subject);
    expect(ls.stdout).toMatch(new RegExp(`${subject}\\s+AVRO\\s+2\\s+2\\s+BACKWARD`));
    expect(JSON.parse(floe('schema', 'get', subject, '--version', '1', '--json').stdout)).toMatchObject({ version: 1, schemaType: 'AVRO' });
    expect(floe('schema', 'get', subject).stdout).toContain('"name": "note"');

    expect(floe('schema', 'delete', subject, '--version', '1').status).toBe(2);
    const deleted = floe('schema', 'delete', subject, '--version', '1', '--confirm', subject);
    expect(deleted.stdout).toBe(`soft-deleted ${subject} version(s) 1\n`);
    expect(floe('schema', 'get', subject, '--versions', '--deleted').stdout).toMatch(/1\s+\d+\s+\S+\s+deleted/);
    expect(floe('schema', 'delete', subject, '--permanent', '--confirm', subject).status).toBe(0);
  });

  it('an invalid schema file is refused before anything reaches the registry (exit 2, line and column)', () => {
    const run = floe('schema', 'check', subject, '--file', invalid);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^floe: The draft is not valid: line 2, column 26: unknown type "lng".*did you mean "long"/);
    expect(floe('schema', 'register', subject, '--file', join(dir, 'missing.avsc')).stderr).toMatch(/Cannot read schema file/);
    expect(floe('schema', 'frobnicate').stderr).toMatch(/floe schema needs one of ls, get, check/);
  });
});
