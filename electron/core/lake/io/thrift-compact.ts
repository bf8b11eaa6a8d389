import { FloeError } from '../../../../shared/errors';

/** Thrift compact protocol type codes (the low nibble of a field header). */
export const T = { STOP: 0, TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 } as const;

/** Deeper than any Parquet footer nests; a crafted file cannot exhaust the stack. */
const MAX_DEPTH = 64;
const UTF8 = new TextDecoder();

/**
 * A reader of Thrift's compact protocol, enough to walk a Parquet footer: structs field by field, and a skip for
 * every field the caller does not want. Truncated or malformed input throws a STORE_CORRUPT error naming `what`.
 */
export class CompactReader {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {}

  private fail(why: string): never {
    throw new FloeError('STORE_CORRUPT', `${this.what}: ${why} (byte ${this.pos} of ${this.buf.length})`);
  }

  byte(): number {
    if (this.pos >= this.buf.length) this.fail('the footer ends early');
    return this.buf[this.pos++] as number;
  }

  /** An unsigned varint, as a number (values past 2^53 are not needed here and are refused). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) this.fail('an integer is out of range');
        return result;
      }
      mul *= 128;
    }
    this.fail('a varint is longer than 10 bytes');
  }

  /** A zigzag-encoded i16/i32. */
  int(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  binary(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.buf.length) this.fail('a string runs past the end of the footer');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  string(): string {
    return UTF8.decode(this.binary());
  }

  /** The fields of a struct: `onField(id, type)` reads the value (or returns false to have it skipped). */
  struct(onField: (id: number, type: number) => boolean): void {
    if (++this.depth > MAX_DEPTH) this.fail('structs nest too deep');
    let last = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === T.STOP) break;
      const delta = header >> 4;
      const id = delta === 0 ? this.int() : last + delta;
      last = id;
      if (!onField(id, type)) this.skip(type);
    }
    this.depth--;
  }

  /** A list header: its element type and size. */
  listHeader(): { type: number; size: number } {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    if (size > this.buf.length - this.pos) this.fail('a list is longer than the footer');
    return { type: header & 0x0f, size };
  }

  /** Inside lists and maps a boolean takes a byte of its own. */
  private skipElement(type: number): void {
    if (type === T.TRUE || type === T.FALSE) this.byte();
    else this.skip(type);
  }

  skip(type: number): void {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return;
      case T.BYTE:
        this.byte();
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.DOUBLE:
        if (this.pos + 8 > this.buf.length) this.fail('the footer ends early');
        this.pos += 8;
        return;
      case T.BINARY:
        this.binary();
        return;
      case T.LIST:
      case T.SET: {
        const { type: el, size } = this.listHeader();
        for (let i = 0; i < size; i++) this.skipElement(el);
        return;
      }
      case T.MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.byte();
        for (let i = 0; i < size; i++) {
          this.skipElement(kv >> 4);
          this.skipElement(kv & 0x0f);
        }
        return;
      }
      case T.STRUCT:
        this.struct(() => false);
        return;
      default:
        this.fail(`unknown Thrift type ${type}`);
    }
  }
}
