import avro from 'avsc';
import type protobuf from 'protobufjs';

/**
 * Numbers from exactly parsed JSON (bigint past 2^53, number otherwise) shaped to what a schema wants: 64-bit
 * integer fields get exact values, floating-point fields plain numbers ("NaN", "Infinity" and "-Infinity" too,
 * the JSON form Floe writes them in). Values that fit nothing are left for the schema's own validation to name.
 */

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const floating = (value: unknown) => (typeof value === 'bigint' ? Number(value) : typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value);

type AvroNode = avro.Type & { fields?: { name: string; type: avro.Type }[]; types?: avro.Type[]; itemsType?: avro.Type; valuesType?: avro.Type; underlyingType?: avro.Type; branchName?: string };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function fitAvro(type: avro.Type, value: unknown): unknown {
  const t = type as AvroNode;
  if (type instanceof avro.types.LogicalType) return fitAvro(t.underlyingType!, value);
  switch (t.typeName) {
    case 'long':
    case 'abstract:long':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
    case 'int':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'float':
    case 'double':
      return floating(value);
    case 'record':
    case 'error':
      if (!isObject(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fitField(t.fields!.find((f) => f.name === k)?.type, v)]));
    case 'array':
      return Array.isArray(value) ? value.map((v) => fitAvro(t.itemsType!, v)) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fitAvro(t.valuesType!, v)])) : value;
    case 'union:unwrapped':
    case 'union:wrapped':
      return fitUnion(t.types!, value);
    default:
      return value;
  }
}

const fitField = (type: avro.Type | undefined, value: unknown) => (type ? fitAvro(type, value) : value);

function fitUnion(branches: avro.Type[], value: unknown): unknown {
  // Avro's JSON encoding wraps the value in {"<branch name>": value}.
  if (isObject(value)) {
    const keys = Object.keys(value);
    const branch = keys.length === 1 ? branches.find((b) => (b as AvroNode).branchName === keys[0]) : undefined;
    if (branch) return { [keys[0]!]: fitAvro(branch, value[keys[0]!]) };
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const names = branches.map((b) => (b instanceof avro.types.LogicalType ? '' : b.typeName));
    const long = names.includes('long') || names.includes('abstract:long');
    const floating = names.includes('double') || names.includes('float') || names.includes('int');
    if (typeof value === 'bigint') return long ? value : floating ? Number(value) : value;
    if (long && !floating && Number.isInteger(value)) return BigInt(value);
    return value;
  }
  // A record or array branch given unwrapped: fit it by the first branch of that kind.
  const kind = Array.isArray(value) ? 'array' : isObject(value) ? 'record' : null;
  const branch = kind ? branches.find((b) => b.typeName === kind || (kind === 'record' && b.typeName === 'map')) : undefined;
  return branch ? fitAvro(branch, value) : value;
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const FLOAT_TYPES = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

const UNSIGNED = new Set(['uint64', 'fixed64']);

/** A bigint as protobufjs's {low, high, unsigned} long, which its verify() accepts and fromObject() reads exactly. */
function longBits(value: bigint, unsigned: boolean): unknown {
  const [min, max] = unsigned ? [0n, 2n ** 64n] : [-(2n ** 63n), 2n ** 63n];
  if (value < min || value >= max) return value; // out of the field's range: verify() names the field
  return { low: Number(BigInt.asIntN(32, value)), high: Number(BigInt.asIntN(32, value >> 32n)), unsigned };
}

function fitScalar(field: protobuf.Field, value: unknown): unknown {
  if (field.type === 'double' || field.type === 'float') return floating(value);
  if (typeof value !== 'bigint') return field.resolvedType && 'fields' in field.resolvedType && isObject(value) ? fitProtobuf(field.resolvedType as protobuf.Type, value) : value;
  if (LONG_TYPES.has(field.type)) return longBits(value, UNSIGNED.has(field.type));
  if (FLOAT_TYPES.has(field.type)) return Number(value);
  return value;
}

export function fitProtobuf(type: protobuf.Type, value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const field = type.fields[k];
      if (!field) return [k, v];
      if ((field as unknown as protobuf.MapField).map && isObject(v)) return [k, Object.fromEntries(Object.entries(v).map(([mk, mv]) => [mk, fitScalar(field, mv)]))];
      if (field.repeated && Array.isArray(v)) return [k, v.map((x) => fitScalar(field, x))];
      return [k, fitScalar(field, v)];
    }),
  );
}
