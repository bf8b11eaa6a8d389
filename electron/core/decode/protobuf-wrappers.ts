import protobuf from 'protobufjs';

/**
 * Well-known types shown the way proto3's JSON mapping shows them (Timestamp as RFC 3339, Duration as
 * "1.5s", wrappers as their value, Struct as JSON) rather than as their raw fields.
 */
type Message = Record<string, unknown> & { seconds?: unknown; nanos?: number; value?: unknown };

// seconds: a bigint (decoding) or a protobufjs Long (other callers).
const num = (v: unknown) => (typeof v === 'object' && v !== null ? Number(String(v)) : Number(v ?? 0));

function timestamp(m: Message): string {
  const ms = num(m.seconds) * 1000 + Math.floor((m.nanos ?? 0) / 1e6);
  const iso = new Date(ms).toISOString();
  const subMs = (m.nanos ?? 0) % 1e6;
  return subMs ? iso.replace(/\.(\d{3})Z$/, `.$1${String(subMs).padStart(6, '0').replace(/0+$/, '')}Z`) : iso;
}

// Exact text ("-1.5s", "0.000000001s"): seconds + nanos / 1e9 as a double printed 1 ns as "1e-9s" and rounded
// large durations. Seconds and nanos carry the same sign.
function duration(m: Message): string {
  const seconds = BigInt(String(m.seconds ?? 0));
  const nanos = m.nanos ?? 0;
  const negative = seconds < 0n || nanos < 0;
  const whole = (seconds < 0n ? -seconds : seconds).toString();
  const fraction = String(Math.abs(nanos)).padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}s`;
}

// Nested Struct/Value/ListValue fields arrive already converted by their own wrappers.
function structValue(v: Record<string, unknown>): unknown {
  for (const key of ['numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue'])
    if (v[key] !== undefined && v[key] !== null) return v[key];
  return null;
}

let installed = false;

export function installWellKnownWrappers(): void {
  if (installed) return;
  installed = true;
  const add = (name: string, toObject: (m: Message) => unknown) => {
    protobuf.wrappers[`.google.protobuf.${name}`] = {
      fromObject(this: protobuf.Type, object: Record<string, unknown>) {
        return this.fromObject(object);
      },
      toObject(this: protobuf.Type, message: protobuf.Message, options?: protobuf.IConversionOptions) {
        return toObject(this.toObject(message, { ...options, defaults: true }) as Message) as Record<string, unknown>;
      },
    } as protobuf.IWrapper;
  };
  add('Timestamp', timestamp);
  add('Duration', duration);
  for (const w of ['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue'])
    add(w, (m) => m.value);
  add('Struct', (m) => m.fields ?? {});
  add('Value', (m) => structValue(m));
  add('ListValue', (m) => m.values ?? []);
}
