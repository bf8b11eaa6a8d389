import { createFileRegistry, fromBinary, toJson } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp } from '@bufbuild/protobuf/wkt';
import { MockClient } from '@confluentinc/schemaregistry/dist/mock-schemaregistry-client';
import descriptor from 'protobufjs/ext/descriptor';
import { describe, expect, it } from 'vitest';
import { protobufSchema } from '../../../electron/core/decode/protobuf';
import { overlayClient } from '../../../electron/core/schemas/contracts/confluent-client';
import { isProtoText, serializedProto } from '../../../electron/core/schemas/contracts/proto-descriptor';
import { runRules } from '../../../electron/core/schemas/contracts/rule-runner';

const MONEY = `syntax = "proto3";
package shop.common;
message Money { string currency = 1; int64 cents = 2; }
`;
const ORDER = `syntax = "proto3";
package shop;
import "shop/money.proto";
import "google/protobuf/timestamp.proto";
message Order {
  int64 id = 1;
  double amount = 2;
  common.Money total = 3;
  map<string, Line> by_sku = 4;
  oneof contact { string phone = 5; string fax = 6; }
  State state = 7;
  google.protobuf.Timestamp placed_at = 8;
  optional string note = 9;
  enum State { STATE_UNSPECIFIED = 0; PAID = 1; }
  message Line { string sku = 1; int32 qty = 2; }
}
`;
const refs = new Map([['shop/money.proto', MONEY]]);

type Field = { name: string; typeName?: string; jsonName?: string; oneofIndex?: number; proto3Optional?: boolean };
type Message = { name: string; field: Field[]; nestedType?: Message[]; enumType?: { name: string }[]; oneofDecl?: { name: string }[]; options?: { mapEntry?: boolean } };
const decode = (b64: string) => descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(Buffer.from(b64, 'base64')), { enums: String }) as { dependency: string[]; package: string; syntax: string; messageType: Message[] };

describe('.proto text as the serialized descriptor Confluent’s clients read', () => {
  const file = decode(serializedProto(ORDER, refs));
  const order = file.messageType[0]!;
  const field = (name: string) => order.field.find((f) => f.name === name)!;

  it('keeps the package, syntax and imports by the names the references give them', () => {
    expect(file).toMatchObject({ package: 'shop', syntax: 'proto3', dependency: ['shop/money.proto', 'google/protobuf/timestamp.proto'] });
  });

  it('writes every type name absolute, as protoc does: imported, well-known, nested, enums', () => {
    expect(field('total').typeName).toBe('.shop.common.Money');
    expect(field('placed_at').typeName).toBe('.google.protobuf.Timestamp');
    expect(field('state').typeName).toBe('.shop.Order.State');
    expect(order.enumType!.map((e) => e.name)).toEqual(['State']);
  });

  it('names map entries <Field>Entry with absolute key/value types, and gives each field its JSON name', () => {
    expect(field('by_sku')).toMatchObject({ typeName: '.shop.Order.BySkuEntry', jsonName: 'bySku' });
    const entry = order.nestedType!.find((n) => n.name === 'BySkuEntry')!;
    expect(entry.options).toEqual({ mapEntry: true });
    expect(entry.field.map((f) => [f.name, f.typeName])).toEqual([
      ['key', undefined],
      ['value', '.shop.Order.Line'],
    ]);
    expect(field('placed_at').jsonName).toBe('placedAt');
  });

  it('declares oneofs, proto3 optional fields as their synthetic oneof', () => {
    expect(order.oneofDecl!.map((o) => o.name)).toEqual(['contact', '_note']);
    expect([field('phone').oneofIndex, field('fax').oneofIndex, field('note')]).toEqual([0, 0, expect.objectContaining({ oneofIndex: 1, proto3Optional: true })]);
  });

  it('loads in @bufbuild/protobuf as Confluent’s JavaScript client loads it, and reads what protobufjs wrote', () => {
    const money = fromBinary(FileDescriptorProtoSchema, Buffer.from(serializedProto(MONEY), 'base64'));
    money.name = 'shop/money.proto';
    const main = fromBinary(FileDescriptorProtoSchema, Buffer.from(serializedProto(ORDER, refs), 'base64'));
    const registry = createFileRegistry(main, (name) => (name === 'shop/money.proto' ? money : name === 'google/protobuf/timestamp.proto' ? file_google_protobuf_timestamp.proto : undefined));
    const Order = protobufSchema(ORDER, refs).root.lookupType('shop.Order');
    const bytes = Order.encode(Order.fromObject({ id: 7, amount: 1.5, total: { currency: 'EUR', cents: 150 }, by_sku: { a: { sku: 'a', qty: 2 } }, fax: '+1', state: 1, note: 'n' })).finish();
    const desc = registry.getMessage('shop.Order')!;
    expect(toJson(desc, fromBinary(desc, bytes), { registry })).toEqual({ id: '7', amount: 1.5, total: { currency: 'EUR', cents: '150' }, bySku: { a: { sku: 'a', qty: 2 } }, fax: '+1', state: 'PAID', note: 'n' });
  });

  it('lists nested messages and map entries in the order they are declared (message indexes count them), braces in strings and options aside', () => {
    const text = 'syntax = "proto2";\npackage p;\nmessage A {\n  message B { optional string s = 1 [default = "}{"]; }\n  map<string, B> by_key = 1;\n  message C { message D {} map<int32, D> ds = 1; }\n}\n';
    const a = decode(serializedProto(text)).messageType[0]!;
    expect(a.nestedType!.map((n) => n.name)).toEqual(['B', 'ByKeyEntry', 'C']);
    expect(a.nestedType![2]!.nestedType!.map((n) => n.name)).toEqual(['D', 'DsEntry']);
  });

  it('tells .proto text from a base64 descriptor, even one whose base64 spells words like "enum"', () => {
    expect(isProtoText(MONEY)).toBe(true);
    expect(isProtoText(serializedProto(MONEY))).toBe(false);
    expect(isProtoText('Cg+enum/message+package')).toBe(false);
  });
});

describe('bad Protobuf input: one specific message', () => {
  it('an import no reference provides', () => {
    expect(() => serializedProto(ORDER)).toThrow('the Protobuf schema imports "shop/money.proto", which none of its references provides');
  });

  it('a registered descriptor whose import no reference provides, and a reference to a version the registry does not have', async () => {
    const client = new MockClient({ baseURLs: ['mock://floe'] });
    const tested = { id: 0, version: 1, subject: 'orders-value', schemaType: 'PROTOBUF', schema: serializedProto(ORDER, refs), references: [] };
    await expect(overlayClient(client, 'orders-value', tested).getLatestSchemaMetadata('orders-value', 'serialized')).rejects.toThrow(
      'the Protobuf schema imports "shop/money.proto", which none of its references provides',
    );
    const text = { ...tested, schema: ORDER, references: [{ name: 'shop/money.proto', subject: 'money', version: 3 }] };
    await expect(overlayClient(client, 'orders-value', text).getLatestSchemaMetadata('orders-value', 'serialized')).rejects.toThrow(
      /^the Protobuf import "shop\/money.proto" names money version 3, which the registry does not answer: /,
    );
  });

  it('a rule test on an unreadable Protobuf schema fails once with the cause, not once per record; a rule whose CEL does not compile is invalid', async () => {
    const client = new MockClient({ baseURLs: ['mock://floe'] });
    const base = { type: 'PROTOBUF' as const, subject: 'orders-value', topic: 'orders', part: 'value' as const, client, records: [{ partition: 0, offset: 0, bytes: Buffer.from([0, 0, 0, 0, 1, 0]) }], maxFailures: 10 };
    const ruleSet = { domainRules: [{ name: 'broken', kind: 'CONDITION' as const, mode: 'WRITE' as const, type: 'CEL', expr: 'message.amount >' }] };
    await expect(runRules({ ...base, tested: { id: 0, version: 1, subject: 'orders-value', schemaType: 'PROTOBUF', schema: ORDER, references: [] }, ruleSet })).rejects.toThrow(
      'the Protobuf schema under test cannot be read: the Protobuf schema imports "shop/money.proto", which none of its references provides',
    );
    await client.register('money', { schemaType: 'PROTOBUF', schema: MONEY });
    const report = await runRules({ ...base, tested: { id: 0, version: 1, subject: 'orders-value', schemaType: 'PROTOBUF', schema: ORDER, references: [{ name: 'shop/money.proto', subject: 'money', version: 1 }] }, ruleSet });
    expect(report.rules[0]).toMatchObject({ name: 'broken', invalid: true, skipped: expect.stringMatching(/^its CEL does not compile: /) });
  });
});
