import avro from 'avsc';

/**
 * A decoder compiled once per Avro schema that builds display values directly: plain objects (records
 * as object literals), long as a number when exact and as a bigint otherwise, bytes and fixed as
 * base64, wrapped unions as {branch: value}, logical types through the schema's own converters. The
 * same values avsc's decode + jsonSafe gave, without avsc's record classes, BigInt longs or a second walk.
 */
export type AvroReader = () => unknown;

// Cursor over the payload being decoded, kept at module level so readers allocate no closures per record.
const EMPTY = Buffer.alloc(0);
let buf: Buffer = EMPTY;
let pos = 0;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A zig-zag varint long: a number while exact (≤ 7 bytes cover 2^49), else via BigInt, a bigint past 2^53. */
function readLong(): number | bigint {
  const start = pos;
  let b = buf[pos++]!;
  if (b < 0x80) return b & 1 ? -((b + 1) >> 1) : b >> 1; // one byte: -64…63, most lengths and enum indexes
  let n = b & 0x7f;
  let mul = 128;
  let bytes = 1;
  while (b & 0x80) {
    if (bytes === 7) return readBigLong(start);
    b = buf[pos++]!;
    n += (b & 0x7f) * mul;
    mul *= 128;
    bytes++;
  }
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

function readBigLong(start: number): number | bigint {
  pos = start;
  let n = 0n;
  let shift = 0n;
  let b: number;
  do {
    b = buf[pos++]!;
    n |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  } while (b & 0x80 && shift < 70n);
  const v = n & 1n ? -((n + 1n) >> 1n) : n >> 1n;
  return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v;
}

/** Node's Buffer#utf8Slice: toString('utf8', a, b) without its argument checks (avsc reads strings the same way). */
type Utf8Sliceable = Buffer & { utf8Slice(start: number, end: number): string };

/** Lengths, counts, indexes and ints: always small enough for a number. */
const readSize = () => readLong() as number;

function readString(): string {
  const len = readSize();
  const end = pos + len;
  if (len < 0 || end > buf.length) throw new RangeError(`string of ${len} bytes runs past the end of the payload`);
  const s = len <= 32 ? shortString(pos, end) : (buf as Utf8Sliceable).utf8Slice(pos, end);
  pos = end;
  return s;
}

/**
 * Short ASCII text built in JS (about a third faster than a call into utf8Slice for field-sized strings); up to 8
 * characters in one String.fromCharCode call (twice as fast again as adding them one at a time, and one string
 * made instead of one per character: the most common field values are that short).
 */
function shortString(start: number, end: number): string {
  const b = buf;
  if (end - start <= 8) {
    let high = 0;
    for (let i = start; i < end; i++) high |= b[i]!;
    if (high >= 0x80) return (b as Utf8Sliceable).utf8Slice(start, end);
    switch (end - start) {
      case 0: return '';
      case 1: return String.fromCharCode(b[start]!);
      case 2: return String.fromCharCode(b[start]!, b[start + 1]!);
      case 3: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!);
      case 4: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!);
      case 5: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!);
      case 6: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!, b[start + 5]!);
      case 7: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!, b[start + 5]!, b[start + 6]!);
      default: return String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!, b[start + 4]!, b[start + 5]!, b[start + 6]!, b[start + 7]!);
    }
  }
  let out = '';
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x80) return (b as Utf8Sliceable).utf8Slice(start, end);
    out += String.fromCharCode(c);
  }
  return out;
}

function readRaw(len: number): Buffer {
  const end = pos + len;
  if (len < 0 || end > buf.length) throw new RangeError(`${len} bytes run past the end of the payload`);
  const view = buf.subarray(pos, end);
  pos = end;
  return view;
}

function readDouble(): number {
  const v = buf.readDoubleLE(pos);
  pos += 8;
  return v;
}

function readFloat(): number {
  const v = buf.readFloatLE(pos);
  pos += 4;
  return v;
}

/** Items of zero bytes (nulls, empty records) a block may hold: past it a count is taken as damage, not data. */
const MAX_EMPTY_ITEMS = 1 << 20;

/**
 * Avro arrays and maps come in blocks: a count (negative: followed by the block's byte size), 0 ends. A count the
 * rest of the payload cannot hold (items of `minItemBytes` each) is refused before any item is read: a damaged count
 * would otherwise loop (and allocate) billions of times past the payload's end.
 */
function blockCount(minItemBytes: number): number {
  let n = readSize();
  if (n < 0) {
    n = -n;
    readSize();
  }
  if (n > (minItemBytes > 0 ? (buf.length - pos) / minItemBytes : MAX_EMPTY_ITEMS)) throw new RangeError(`a block of ${n} items runs past the end of the payload`);
  return n;
}

/** The fewest bytes a value of the type takes: 0 for null and for records (or fixed) of nothing. */
function minBytes(type: Named, seen = new Set<avro.Type>()): number {
  if (type instanceof avro.types.LogicalType) return minBytes((type as unknown as Logical).underlyingType as Named, seen);
  switch (type.typeName) {
    case 'null':
      return 0;
    case 'float':
      return 4;
    case 'double':
      return 8;
    case 'fixed':
      return type.size!;
    case 'record':
    case 'error': {
      if (seen.has(type)) return 0;
      seen.add(type);
      const n = type.fields!.reduce((sum, f) => sum + minBytes(f.type as Named, seen), 0);
      seen.delete(type);
      return n;
    }
    default:
      return 1; // a boolean, a varint, a length, a count or a union index
  }
}

type Logical = avro.types.LogicalType & { _fromValue(v: unknown): unknown };
type Named = avro.Type & { fields?: { name: string; type: avro.Type }[]; types?: avro.Type[]; itemsType?: avro.Type; valuesType?: avro.Type; symbols?: string[]; size?: number; branchName?: string };

function recordReader(fields: { name: string; read: AvroReader }[]): AvroReader {
  // An object literal per record (one hidden class, as avsc itself compiles its record readers).
  const args = fields.map((_, i) => `r${i}`);
  const props = fields.map((f, i) => `${f.name === '__proto__' ? `[${JSON.stringify(f.name)}]` : JSON.stringify(f.name)}: r${i}()`);
  const make = new Function(...args, `return function readRecord() { return { ${props.join(', ')} }; };`) as (...r: AvroReader[]) => AvroReader;
  return make(...fields.map((f) => f.read));
}

function compile(type: Named, memo: Map<avro.Type, AvroReader>, raw = false): AvroReader {
  const known = raw ? undefined : memo.get(type);
  if (known) return known;
  if (type instanceof avro.types.LogicalType) {
    const logical = type as unknown as Logical;
    const underlying = compile(logical.underlyingType as Named, memo, true);
    return () => logical._fromValue(underlying());
  }
  switch (type.typeName) {
    case 'null':
      return () => null;
    case 'boolean':
      return () => buf[pos++] === 1;
    case 'int':
    case 'long':
    case 'abstract:long':
      return readLong;
    case 'float':
      return readFloat;
    case 'double':
      return readDouble;
    case 'string':
      return readString;
    case 'bytes':
      return raw ? () => readRaw(readSize()) : () => readRaw(readSize()).toString('base64');
    case 'fixed': {
      const size = type.size!;
      return raw ? () => readRaw(size) : () => readRaw(size).toString('base64');
    }
    case 'enum': {
      const symbols = type.symbols!;
      return () => {
        const index = readSize();
        const symbol = symbols[index];
        if (symbol === undefined) throw new Error(`invalid ${type.name} enum index: ${index}`);
        return symbol;
      };
    }
    case 'array': {
      const items = compile(type.itemsType as Named, memo);
      const min = minBytes(type.itemsType as Named);
      return () => {
        const out: unknown[] = [];
        for (let n = blockCount(min); n > 0; n = blockCount(min)) while (n-- > 0) out.push(items());
        return out;
      };
    }
    case 'map': {
      const values = compile(type.valuesType as Named, memo);
      const min = 1 + minBytes(type.valuesType as Named); // a key's length, then the value
      return () => {
        const out: Record<string, unknown> = {};
        for (let n = blockCount(min); n > 0; n = blockCount(min)) while (n-- > 0) out[readString()] = values();
        return out;
      };
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      const wrapped = type.typeName === 'union:wrapped';
      const branches = type.types!.map((t) => ({ read: compile(t as Named, memo), name: (t as Named).branchName!, isNull: t.typeName === 'null' }));
      return () => {
        const index = readSize();
        const branch = branches[index];
        if (!branch) throw new Error(`invalid union index: ${index}`);
        if (!wrapped || branch.isNull) return branch.read();
        return { [branch.name]: branch.read() };
      };
    }
    case 'record':
    case 'error': {
      // A trampoline first, so that a recursive reference to this record reaches the compiled reader.
      let real: AvroReader = () => undefined;
      memo.set(type, () => real());
      real = recordReader(type.fields!.map((f) => ({ name: f.name, read: compile(f.type as Named, memo) })));
      memo.set(type, real);
      return real;
    }
    default:
      throw new Error(`Avro type ${type.typeName} has no reader`);
  }
}

type Skip = () => void;

function skipLong(): void {
  while (buf[pos++]! & 0x80); // past the end reads undefined, which stops it (and readAvro reports the truncation)
}

function skipBytes(): void {
  const len = readSize();
  if (len < 0 || pos + len > buf.length) throw new RangeError(`${len} bytes run past the end of the payload`);
  pos += len;
}

/** Moves past one value without building it (what a projection does with the fields the filter does not read). */
function compileSkip(type: Named, memo: Map<avro.Type, Skip>): Skip {
  const known = memo.get(type);
  if (known) return known;
  if (type instanceof avro.types.LogicalType) return compileSkip((type as unknown as Logical).underlyingType as Named, memo);
  switch (type.typeName) {
    case 'null':
      return () => undefined;
    case 'boolean':
      return () => void pos++;
    case 'int':
    case 'long':
    case 'abstract:long':
      return skipLong;
    case 'float':
      return () => void (pos += 4);
    case 'double':
      return () => void (pos += 8);
    case 'string':
    case 'bytes':
      return skipBytes;
    case 'fixed': {
      const size = type.size!;
      return () => void (pos += size);
    }
    case 'enum': {
      const count = type.symbols!.length;
      return () => {
        const index = readSize();
        if (index < 0 || index >= count) throw new Error(`invalid ${type.name} enum index: ${index}`);
      };
    }
    case 'array':
    case 'map': {
      const itemType = (type.typeName === 'array' ? type.itemsType : type.valuesType) as Named;
      const items = compileSkip(itemType, memo);
      const isMap = type.typeName === 'map';
      const min = (isMap ? 1 : 0) + minBytes(itemType);
      return () => {
        // Item by item even where a block gives its byte size, as avsc and the readers here read it: a damaged size
        // must not make a skip land somewhere the decoder will not.
        for (let n = blockCount(min); n > 0; n = blockCount(min)) {
          while (n-- > 0) {
            if (isMap) skipBytes();
            items();
          }
        }
      };
    }
    case 'union:unwrapped':
    case 'union:wrapped': {
      const branches = type.types!.map((t) => compileSkip(t as Named, memo));
      return () => {
        const index = readSize();
        const branch = branches[index];
        if (!branch) throw new Error(`invalid union index: ${index}`);
        branch();
      };
    }
    case 'record':
    case 'error': {
      let real: Skip = () => undefined;
      memo.set(type, () => real());
      const fields = type.fields!.map((f) => compileSkip(f.type as Named, memo));
      real = () => {
        for (const skip of fields) skip();
      };
      memo.set(type, real);
      return real;
    }
    default:
      throw new Error(`Avro type ${type.typeName} has no skipper`);
  }
}

/**
 * A reader of a record schema that builds only the named top-level fields and steps over the others (a
 * filter that reads value.a and value.b needs no other field). Null when the schema is not a record.
 */
export function avroProjectedReader(type: avro.Type, fields: ReadonlySet<string>): AvroReader | null {
  const record = type as Named;
  if (record.typeName !== 'record' && record.typeName !== 'error') return null;
  const readMemo = new Map<avro.Type, AvroReader>();
  const skipMemo = new Map<avro.Type, Skip>();
  const steps = record.fields!.map((f) => (fields.has(f.name) ? { name: f.name, read: compile(f.type as Named, readMemo) } : { name: f.name, skip: compileSkip(f.type as Named, skipMemo) }));
  const args = steps.map((_, i) => `f${i}`);
  const body = steps.map((step, i) => ('read' in step ? `const v${i} = f${i}();` : `f${i}();`)).join(' ');
  const props = steps.flatMap((step, i) => ('read' in step ? [`${step.name === '__proto__' ? `[${JSON.stringify(step.name)}]` : JSON.stringify(step.name)}: v${i}`] : []));
  const make = new Function(...args, `return function readProjected() { ${body} return { ${props.join(', ')} }; };`) as (...f: (AvroReader | Skip)[]) => AvroReader;
  return make(...steps.map((step) => ('read' in step ? step.read! : step.skip!)));
}

/**
 * Checks that a payload holds exactly one value of the type (lengths, block counts, union and enum indexes, no
 * trailing bytes) without building it; throws as readAvro does. For decoders that do not check counts themselves:
 * avsc reads a damaged block count of billions item by item past the payload's end.
 */
export function avroChecker(type: avro.Type): (bytes: Uint8Array) => void {
  const skip = compileSkip(type as Named, new Map());
  return (bytes) => void readAvro(skip, type, bytes);
}

/**
 * Steps over one value of the type at `start` of bytes holding several (an object container file's block), checked
 * as avroChecker checks; returns where the value ends.
 */
export function avroSkipper(type: avro.Type): (bytes: Buffer, start: number) => number {
  const skip = compileSkip(type as Named, new Map());
  return (bytes, start) => readAvroAt(skip, type, bytes, start).end;
}

export function avroReader(type: avro.Type): AvroReader {
  return compile(type as Named, new Map());
}

/**
 * Decodes one payload that must hold exactly one value: `bytes` from `start` on (so a wire-format frame needs
 * no sub-view). Errors say whether it was cut short, too long or malformed.
 */
export function readAvro(read: AvroReader, type: avro.Type, bytes: Uint8Array, start = 0): unknown {
  const { value, end } = readAvroAt(read, type, bytes, start);
  if (end !== bytes.length) throw new Error(`Avro payload has ${bytes.length - end} trailing bytes after a complete ${type.name ?? type.typeName} (wrong schema?)`);
  return value;
}

/** Decodes the value at `start`; the bytes may go on past it. */
function readAvroAt(read: AvroReader, type: avro.Type, bytes: Uint8Array, start: number): { value: unknown; end: number } {
  buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  pos = start;
  const length = buf.length;
  const name = type.name ?? type.typeName;
  const size = length - start;
  let value: unknown;
  try {
    value = read();
  } catch (e) {
    if (pos > length || e instanceof RangeError) throw new Error(`truncated Avro payload: ${size} bytes do not hold a complete ${name}`, { cause: e });
    throw new Error(`Avro payload does not match the schema (truncated or written with another schema): ${(e as Error).message}`, { cause: e });
  } finally {
    buf = EMPTY;
  }
  if (pos > length) throw new Error(`truncated Avro payload: ${size} bytes do not hold a complete ${name}`);
  return { value, end: pos };
}
