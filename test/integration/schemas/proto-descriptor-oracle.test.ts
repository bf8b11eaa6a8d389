import descriptor from 'protobufjs/ext/descriptor';
import { describe, expect, it } from 'vitest';
import { serializedProto } from '../../../electron/core/schemas/contracts/proto-descriptor';
import { MONEY, ORDER } from '../../fixtures/schemas/shop-proto';
import { protoc } from './rules-oracle-clients';

const LEGACY = `syntax = "proto2";
package legacy.v1;
message Item {
  required string sku = 1;
  optional int32 qty = 2 [default = 1];
  repeated int32 sizes = 3 [packed = true];
  optional Kind kind = 4 [default = SMALL];
  optional Inner inner = 5;
  map<int64, Inner> by_id = 6;
  reserved 9, 10 to 12;
  reserved "old";
  enum Kind { SMALL = 1; LARGE = 2; }
  message Inner { optional bytes blob = 1; oneof pick { sint64 a = 2; fixed32 b = 3; } }
}
enum Top { TOP_A = 0; TOP_B = 1; }
`;

/** A FileDescriptorProto as plain JSON; the file's own name is Floe's choice (the JavaScript client renames imports to their reference names). */
function decoded(base64: string): Record<string, unknown> {
  const d = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(Buffer.from(base64, 'base64')), { enums: String, longs: String });
  return { ...d, name: 'file.proto', syntax: d.syntax || 'proto2' };
}

describe('.proto text → FileDescriptorProto: Floe against protoc, the reference compiler', { timeout: 120_000 }, () => {
  it('the same descriptor for imports resolved by references, well-known types, nested messages, enums, maps, oneofs, proto3 optional', () => {
    const compiled = protoc({ 'shop/money.proto': MONEY, 'shop/order.proto': ORDER });
    expect(decoded(serializedProto(MONEY))).toEqual(decoded(compiled['shop/money.proto']!));
    expect(decoded(serializedProto(ORDER, new Map([['shop/money.proto', MONEY]])))).toEqual(decoded(compiled['shop/order.proto']!));
  });

  it('the same descriptor for proto2: required fields, defaults, packed, reserved ranges and names', () => {
    expect(decoded(serializedProto(LEGACY))).toEqual(decoded(protoc({ 'legacy/item.proto': LEGACY })['legacy/item.proto']!));
  });

  it('nested messages and map entries in the order they are declared, as protoc lists them (Confluent’s message indexes count them)', () => {
    const text = LEGACY.replace('enum Top', 'message After {\n  message Inner { optional int32 x = 1; }\n  map<string, Inner> by_key = 1;\n  message Last { optional string s = 1 [default = "}"]; }\n  map<int32, Last> by_n = 2;\n}\nenum Top');
    const compiled = protoc({ 'legacy/item.proto': text })['legacy/item.proto']!;
    const nested = (b64: string) => ((decoded(b64).messageType as { name: string; nestedType?: { name: string }[] }[]).find((m) => m.name === 'After')!.nestedType ?? []).map((n) => n.name);
    expect(nested(compiled)).toEqual(['Inner', 'ByKeyEntry', 'Last', 'ByNEntry']);
    expect(decoded(serializedProto(text))).toEqual(decoded(compiled));
  });

  it('an import that no reference provides is refused by both, with the import named', () => {
    const text = ORDER.replace('import "shop/money.proto";', 'import "shop/money.proto";\nimport "shop/missing.proto";');
    expect(() => protoc({ 'shop/money.proto': MONEY, 'shop/order.proto': text })).toThrow(/shop\/missing\.proto/);
    expect(() => serializedProto(text, new Map([['shop/money.proto', MONEY]]))).toThrow('the Protobuf schema imports "shop/missing.proto", which none of its references provides');
  });
});
