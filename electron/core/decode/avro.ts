import avro from 'avsc';
import { isoMillis } from './iso-time';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Avro `long` as BigInt: a JS number loses precision past 2^53 (offsets, ids, micros timestamps). */
const BigLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: number | string) => BigInt(n),
  // Exact: avsc's clone() copies a long as fromJSON(toJSON(n)), so a number here would round past 2^53.
  toJSON: (n: bigint) => (n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

class DecimalType extends avro.types.LogicalType {
  private readonly scale: number;
  constructor(attrs: avro.Schema, opts?: Partial<avro.ForSchemaOptions>) {
    super(attrs, opts);
    this.scale = (attrs as { scale?: number }).scale ?? 0;
  }
  protected override _fromValue(buf: Buffer | undefined): string {
    if (!buf) return ''; // a truncated read; decodeAvro reports it
    let n = 0n;
    for (const byte of buf) n = (n << 8n) | BigInt(byte);
    if (buf.length > 0 && buf[0]! & 0x80) n -= 1n << BigInt(buf.length * 8);
    const negative = n < 0n;
    const digits = (negative ? -n : n).toString().padStart(this.scale + 1, '0');
    const text = this.scale > 0 ? `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}` : digits;
    return negative ? `-${text}` : text;
  }
  protected override _toValue(text: string): Buffer {
    const [whole = '0', frac = ''] = String(text).replace('-', '').split('.');
    let n = BigInt(whole + frac.padEnd(this.scale, '0').slice(0, this.scale));
    if (String(text).startsWith('-')) n = -n;
    const bytes: number[] = [];
    for (let i = 0; i < 32; i++) {
      bytes.unshift(Number(n & 0xffn));
      n >>= 8n;
      if ((n === 0n && !(bytes[0]! & 0x80)) || (n === -1n && bytes[0]! & 0x80)) break;
    }
    return Buffer.from(bytes);
  }
}

const DAY_MS = 86_400_000;

function timestampType(unitsPerMs: bigint) {
  return class extends avro.types.LogicalType {
    protected override _fromValue(n: bigint | number | string): string {
      // A number (exact below 2^53) without BigInt: the hot path of a decoding scan.
      if (typeof n === 'number') {
        if (unitsPerMs === 1n) return isoMillis(n);
        const per = Number(unitsPerMs);
        const ms = Math.floor(n / per);
        return `${isoMillis(ms).slice(0, -1)}${String(n - ms * per).padStart(3, '0')}Z`;
      }
      const big = BigInt(n);
      const ms = Number(big / unitsPerMs);
      const iso = new Date(ms).toISOString();
      if (unitsPerMs === 1n) return iso;
      const micros = ((big % unitsPerMs) + unitsPerMs) % unitsPerMs;
      return iso.replace(/(\.\d{3})Z$/, `$1${micros.toString().padStart(3, '0')}Z`);
    }
    // The long under a logical type is avsc's own (numbers), exact for any timestamp before year 287,396.
    protected override _toValue(value: string | number | bigint): number {
      if (typeof value !== 'string') return Number(value);
      return Date.parse(value) * Number(unitsPerMs);
    }
  };
}

class DateType extends avro.types.LogicalType {
  protected override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  protected override _toValue(value: string | number): number {
    return typeof value === 'number' ? value : Math.floor(Date.parse(value) / DAY_MS);
  }
}

const two = (n: number | bigint) => String(n).padStart(2, '0');

/**
 * time-millis (int) and time-micros (long): units after midnight as "HH:MM:SS.fff" (".ffffff" for micros), exact.
 * A value outside the day (invalid, but on the wire all the same) keeps its sign and hours past 23.
 */
function timeOfDayType(digits: 3 | 6) {
  const perSecond = 10 ** digits;
  const pattern = new RegExp(`^(-?)(\\d+):([0-5]\\d):([0-5]\\d)(?:\\.(\\d{1,${digits}}))?$`);
  return class extends avro.types.LogicalType {
    protected override _fromValue(n: number | bigint): string {
      if (typeof n === 'bigint') {
        const a = n < 0n ? -n : n;
        const secs = a / BigInt(perSecond);
        return `${n < 0n ? '-' : ''}${two(secs / 3600n)}:${two((secs / 60n) % 60n)}:${two(secs % 60n)}.${String(a % BigInt(perSecond)).padStart(digits, '0')}`;
      }
      const a = Math.abs(n);
      const secs = Math.floor(a / perSecond);
      return `${n < 0 ? '-' : ''}${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}.${String(a % perSecond).padStart(digits, '0')}`;
    }
    protected override _toValue(value: string | number | bigint): number {
      if (typeof value !== 'string') return Number(value);
      const m = pattern.exec(value.trim());
      if (!m) throw new Error(`"${value}" is not a time of day HH:MM:SS${digits === 3 ? '.fff' : '.ffffff'}`);
      const units = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4])) * perSecond + Number((m[5] ?? '').padEnd(digits, '0'));
      return m[1] ? -units : units;
    }
  };
}

class UuidType extends avro.types.LogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: string): string {
    return value;
  }
}

const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-millis': timestampType(1n),
  'timestamp-micros': timestampType(1000n),
  'local-timestamp-millis': timestampType(1n),
  'local-timestamp-micros': timestampType(1000n),
  'time-millis': timeOfDayType(3),
  'time-micros': timeOfDayType(6),
  date: DateType,
  uuid: UuidType,
};

/**
 * An avsc Type for a registry schema, with its referenced named types registered first.
 * Decoded values: long as BigInt, decimals as exact strings, timestamps as ISO-8601, dates as YYYY-MM-DD, times
 * of day as HH:MM:SS.fff (millis) or HH:MM:SS.ffffff (micros).
 */
export function avroType(schema: string, references: string[] = []): avro.Type {
  const registry: Record<string, avro.Type> = { long: BigLong as unknown as avro.Type };
  const options = { logicalTypes: LOGICAL_TYPES, registry, wrapUnions: 'auto' } as unknown as Partial<avro.ForSchemaOptions>;
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as avro.Schema, options);
  return avro.Type.forSchema(JSON.parse(schema) as avro.Schema, options);
}
