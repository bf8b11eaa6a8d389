import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

const lab = inject('lab');
const profileId = 'local-lab';
const suffix = Date.now().toString(36);
let core: ReturnType<typeof startCore>;

const avro = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields });
const AVRO_V1 = avro([{ name: 'id', type: 'long' }, { name: 'amount', type: 'double' }]);
const AVRO_V2 = avro([{ name: 'id', type: 'long' }, { name: 'amount', type: 'double' }, { name: 'note', type: ['null', 'string'], default: null }]);
const AVRO_BREAKING = avro([{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }]);

const PROTO_V1 = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string name = 2;\n}\n';
const PROTO_V2 = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  int64 id = 1;\n  string name = 2;\n  double amount = 3;\n}\n';
const PROTO_BREAKING = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1;\n}\n';

const JSON_V1 = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false });
const JSON_V2 = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' }, note: { type: 'string' } }, additionalProperties: false });
const JSON_BREAKING = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });

describe.skipIf(!lab.registry)('the schema workbench against the lab registry', () => {
  beforeAll(() => {
    core = startCore(lab.home);
  });
  afterAll(async () => {
    await core?.close();
  });

  const cases = [
    { type: 'AVRO' as const, v1: AVRO_V1, v2: AVRO_V2, breaking: AVRO_BREAKING, because: /reader type: STRING not compatible with writer type: LONG/ },
    { type: 'PROTOBUF' as const, v1: PROTO_V1, v2: PROTO_V2, breaking: PROTO_BREAKING, because: /not backward compatible/ },
    { type: 'JSON' as const, v1: JSON_V1, v2: JSON_V2, breaking: JSON_BREAKING, because: /SUBSCHEMA_TYPE_CHANGED at \/properties\/id/ },
  ];

  for (const c of cases) {
    it(`${c.type}: registers, evolves compatibly, and an incompatible change is refused with the registry's message`, async () => {
      const subject = `wb-${c.type.toLowerCase()}-${suffix}-value`;
      const call = core.client.call.bind(core.client);
      const first = await call('schemas.register', { profileId, subject, draft: { schemaType: c.type, schema: c.v1 } });
      expect(first).toMatchObject({ subject, version: 1, created: true, contractStored: null });
      await call('schemas.setLevel', { profileId, subject, level: 'BACKWARD' });

      const fresh = await call('schemas.check', { profileId, subject, draft: { schemaType: c.type, schema: c.v2 } });
      expect(fresh).toMatchObject({ compatible: true, level: 'BACKWARD', levelSource: 'subject', newSubject: false, compared: [1] });
      const second = await call('schemas.register', { profileId, subject, draft: { schemaType: c.type, schema: c.v2 } });
      expect(second).toMatchObject({ version: 2, created: true });
      expect(second.id).not.toBe(first.id);
      const again = await call('schemas.register', { profileId, subject, draft: { schemaType: c.type, schema: c.v2 } });
      expect(again).toMatchObject({ version: 2, id: second.id, created: false });

      const refused = await call('schemas.check', { profileId, subject, draft: { schemaType: c.type, schema: c.breaking } });
      expect(refused.compatible).toBe(false);
      expect(refused.registry!.messages.join('\n')).toMatch(c.because);
      await expect(call('schemas.register', { profileId, subject, draft: { schemaType: c.type, schema: c.breaking } })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^Not registered: /),
      });

      expect(refused.findings.length).toBeGreaterThan(0);
      expect(refused.findings.every((f) => f.version === 2 && f.direction === 'backward')).toBe(true);
      const whatIf = await call('schemas.check', { profileId, subject, draft: { schemaType: c.type, schema: c.breaking }, level: 'NONE' });
      expect(whatIf).toMatchObject({ level: 'NONE', levelSource: 'what-if', compatible: true, registry: null, findings: [], compared: [] });
      const transitive = await call('schemas.check', { profileId, subject, draft: { schemaType: c.type, schema: c.breaking }, level: 'FULL_TRANSITIVE' });
      expect(transitive).toMatchObject({ levelSource: 'what-if', compatible: false, compared: [1, 2] });
      expect(new Set(transitive.findings.map((f) => f.version))).toEqual(new Set([1, 2]));

      const diff = await call('schemas.diff', { profileId, before: { subject, version: 1 }, after: { subject, version: 2 } });
      expect(diff).toMatchObject({ schemaType: c.type, backward: true });
      expect(diff.entries.map((e) => e.change)).toContain('added');
      const draftDiff = await call('schemas.diff', { profileId, before: { subject, version: 'latest' }, after: { draft: { schemaType: c.type, schema: c.breaking } } });
      expect(draftDiff.backward).toBe(false);
      expect(draftDiff.backwardProblems.join('\n')).toMatch(/version 2|the draft/);

      const detail = await call('schemas.subject', { profileId, subject });
      expect(detail).toMatchObject({ schemaType: c.type, level: 'BACKWARD', levelSource: 'subject', latest: { version: 2, schemaType: c.type } });
      expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);
      expect(detail.versions[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/); // Apicurio keeps dates (its native API)
      const list = await call('schemas.list', { profileId });
      expect(list.subjects.find((s) => s.subject === subject)).toMatchObject({ schemaType: c.type, latestVersion: 2, versions: 2, level: 'BACKWARD', levelSource: 'subject' });
    });
  }

  it('a new subject has nothing to be compatible with; the level falls back to the global one', async () => {
    const subject = `wb-new-${suffix}`;
    const report = await core.client.call('schemas.check', { profileId, subject, draft: { schema: AVRO_V1 } });
    expect(report).toMatchObject({ newSubject: true, compatible: true, registry: null, compared: [] });
    expect(report.levelSource).toBe('global');
  });

  it('sets and clears a subject level, and the global level', async () => {
    const subject = `wb-levels-${suffix}`;
    await core.client.call('schemas.register', { profileId, subject, draft: { schema: AVRO_V1 } });
    const before = await core.client.call('schemas.list', { profileId });
    await core.client.call('schemas.setLevel', { profileId, subject, level: 'FULL_TRANSITIVE' });
    expect(await core.client.call('schemas.subject', { profileId, subject })).toMatchObject({ level: 'FULL_TRANSITIVE', levelSource: 'subject' });
    await core.client.call('schemas.setLevel', { profileId, subject, level: null });
    expect(await core.client.call('schemas.subject', { profileId, subject })).toMatchObject({ level: before.globalLevel, levelSource: 'global' });
    try {
      await core.client.call('schemas.setLevel', { profileId, level: 'FORWARD' });
      expect((await core.client.call('schemas.list', { profileId })).globalLevel).toBe('FORWARD');
      expect(await core.client.call('schemas.subject', { profileId, subject })).toMatchObject({ level: 'FORWARD', levelSource: 'global' });
    } finally {
      await core.client.call('schemas.setLevel', { profileId, level: before.globalLevel });
    }
  });

  it('Protobuf references resolve both ways, and a missing import or reference is a marker, not a request', async () => {
    const common = `wb-common-${suffix}.proto`;
    const user = `wb-payment-${suffix}-value`;
    await core.client.call('schemas.register', { profileId, subject: common, draft: { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage common;\nmessage Money {\n  int64 cents = 1;\n}\n' } });
    const usesImport = `syntax = "proto3";\npackage pay;\nimport "${common}";\nmessage Payment {\n  common.Money amount = 1;\n}\n`;
    const references = [{ name: common, subject: common, version: 1 }];
    const registered = await core.client.call('schemas.register', { profileId, subject: user, draft: { schemaType: 'PROTOBUF', schema: usesImport, references } });
    const used = await core.client.call('schemas.version', { profileId, subject: common, version: 1 });
    expect(used.referencedBy).toEqual([{ subject: user, version: 1, id: registered.id }]);
    expect((await core.client.call('schemas.version', { profileId, subject: user })).references).toEqual(references);

    const noRef = await core.client.call('schemas.validate', { profileId, draft: { schemaType: 'PROTOBUF', schema: usesImport } });
    expect(noRef.markers).toEqual([expect.objectContaining({ line: 3, severity: 'error', message: expect.stringMatching(/import ".*" is not resolved/) })]);
    const missing = await core.client.call('schemas.validate', {
      profileId,
      draft: { schemaType: 'PROTOBUF', schema: usesImport, references: [{ name: common, subject: common, version: 9 }] },
    });
    expect(missing.markers[0]).toMatchObject({ line: 3, message: expect.stringMatching(/version 9, which the registry does not have/) });
    await expect(
      core.client.call('schemas.register', { profileId, subject: `${user}-2`, draft: { schemaType: 'PROTOBUF', schema: usesImport } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/line 3, column 1: import/) });
    await expect(core.client.call('schemas.subject', { profileId, subject: `${user}-2` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('Avro and JSON Schema references resolve by type name and by $ref', async () => {
    const money = `wb-money-${suffix}`;
    await core.client.call('schemas.register', { profileId, subject: money, draft: { schema: JSON.stringify({ type: 'record', name: 'Money', namespace: 'common', fields: [{ name: 'cents', type: 'long' }] }) } });
    const order = JSON.stringify({ type: 'record', name: 'Priced', namespace: 'shop', fields: [{ name: 'price', type: 'common.Money' }] });
    const refs = [{ name: 'common.Money', subject: money, version: 1 }];
    expect(await core.client.call('schemas.validate', { profileId, draft: { schema: order, references: refs } })).toMatchObject({ valid: true });
    const unresolved = await core.client.call('schemas.validate', { profileId, draft: { schema: order } });
    expect(unresolved.markers[0]).toMatchObject({ line: 1, message: expect.stringMatching(/unknown type "common.Money"/) });
    await core.client.call('schemas.register', { profileId, subject: `wb-priced-${suffix}`, draft: { schema: order, references: refs } });

    const address = `wb-address-${suffix}`;
    await core.client.call('schemas.register', {
      profileId,
      subject: address,
      draft: { schemaType: 'JSON', schema: JSON.stringify({ $id: 'address.json', type: 'object', properties: { city: { type: 'string' } } }) },
    });
    const person = JSON.stringify({ type: 'object', properties: { home: { $ref: 'address.json' } } });
    const jsonRefs = [{ name: 'address.json', subject: address, version: 1 }];
    expect(await core.client.call('schemas.validate', { profileId, draft: { schemaType: 'JSON', schema: person, references: jsonRefs } })).toMatchObject({ valid: true });
    const noJsonRef = await core.client.call('schemas.validate', { profileId, draft: { schemaType: 'JSON', schema: person } });
    expect(noJsonRef.markers[0]!.message).toMatch(/can't resolve reference address.json/);
  });

  it('soft-deletes a version (kept, marked deleted, readable), then deletes it permanently; a whole subject too', async () => {
    const subject = `wb-delete-${suffix}`;
    await core.client.call('schemas.register', { profileId, subject, draft: { schema: AVRO_V1 } });
    await core.client.call('schemas.register', { profileId, subject, draft: { schema: AVRO_V2 } });
    await expect(core.client.call('schemas.delete', { profileId, subject, version: 1, confirm: 'wrong' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Type the subject name/) });
    expect(await core.client.call('schemas.delete', { profileId, subject, version: 1, confirm: subject })).toEqual({ deleted: [1], permanent: false });
    const soft = await core.client.call('schemas.subject', { profileId, subject, deleted: true });
    expect(soft.versions.map((v) => [v.version, v.deleted])).toEqual([[1, true], [2, false]]);
    expect((await core.client.call('schemas.subject', { profileId, subject })).versions.map((v) => v.version)).toEqual([2]);
    expect((await core.client.call('schemas.version', { profileId, subject, version: 1 })).schema).toBe(AVRO_V1);

    await core.client.call('schemas.delete', { profileId, subject, version: 1, permanent: true, confirm: subject });
    expect((await core.client.call('schemas.subject', { profileId, subject, deleted: true })).versions.map((v) => v.version)).toEqual([2]);

    await core.client.call('schemas.delete', { profileId, subject, confirm: subject });
    expect((await core.client.call('schemas.list', { profileId })).subjects.map((s) => s.subject)).not.toContain(subject);
    expect((await core.client.call('schemas.list', { profileId, deleted: true })).subjects.find((s) => s.subject === subject)).toMatchObject({ deleted: true, latestVersion: null });
    await core.client.call('schemas.delete', { profileId, subject, permanent: true, confirm: subject });
    expect((await core.client.call('schemas.list', { profileId, deleted: true })).subjects.map((s) => s.subject)).not.toContain(subject);
  });

  it('says plainly what the lab registry lacks: /mode, and keeping metadata and ruleSet', async () => {
    const subject = `wb-contract-${suffix}`;
    const detail = await core.client.call('schemas.register', {
      profileId,
      subject,
      draft: {
        schema: AVRO_V1,
        metadata: { properties: { owner: 'payments' } },
        ruleSet: { domainRules: [{ name: 'positive', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.amount > 0' }] },
      },
    });
    expect(detail.contractStored).toBe(false);
    expect(detail.notes[0]).toMatch(/did not keep its metadata and ruleSet/);
    const page = await core.client.call('schemas.subject', { profileId, subject });
    expect(page).toMatchObject({ mode: null, modeNote: expect.stringMatching(/Apicurio Registry 2\.4\.2.* has no \/mode/) });
    expect(page.registry).toMatchObject({ flavour: 'apicurio', storesContracts: false, modeSupported: false });
    await expect(core.client.call('schemas.setMode', { profileId, subject, mode: 'READONLY' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('finds the topic a subject names, and the subjects whose ids are on a topic’s records', async () => {
    const topic = `wb-sample-${suffix}`;
    const admin = new Kafka({ brokers: [lab.kafka.plaintext], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      pythonProduce(lab, topic, [{ key: 'a', value: { id: 1, amount: 2.5 }, format: 'avro' }, { key: 'b', value: { plain: true } }, { key: 'c', value: { id: 2, amount: 1 }, format: 'avro' }], {
        schemas: { avro: AVRO_V1 },
      });
      const detail = await core.client.call('schemas.subject', { profileId, subject: `${topic}-value` });
      expect(detail.topics).toEqual([{ topic, part: 'value' }]);
      const sample = await core.client.call('schemas.sampleTopic', { profileId, topic, last: 10 });
      expect(sample).toMatchObject({ topic, scanned: 3, unframed: 1, schemas: [{ part: 'value', schemaId: detail.latest.id, records: 2 }] });
      // The same schema text has one id in every subject that holds it: all of them are named.
      expect(sample.schemas[0]!.uses).toContainEqual({ subject: `${topic}-value`, version: 1, id: detail.latest.id });
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('a missing subject or version is NOT_FOUND naming it', async () => {
    await expect(core.client.call('schemas.subject', { profileId, subject: `wb-nope-${suffix}` })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`wb-nope-${suffix}`) });
    await expect(core.client.call('schemas.version', { profileId, subject: `wb-nope-${suffix}`, version: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `The registry has no subject "wb-nope-${suffix}" version 3`,
    });
  });
});
