/**
 * JSON with every integer exact, read and written the same way everywhere (record values, table metadata,
 * CLI output). Reading: an integer literal beyond ±(2^53−1) becomes a bigint (JSON.parse would round it);
 * everything else is what JSON.parse gives. Writing: bigints as bare integer literals and -0 as -0; NaN and
 * ±Infinity, which JSON cannot hold, as the strings "NaN", "Infinity", "-Infinity" (proto3's JSON mapping),
 * or bare in display text.
 */
export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

export class JsonSyntaxError extends Error {}

/** The longest integer literal JSON.parse always reads exactly: 15 digits (2^53 − 1 has 16). */
const SAFE_DIGITS = 15;

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Whether the text has a run of more than 15 digits: only then can it hold an integer JSON.parse rounds.
 * Looks at every 16th character while it is not a digit (a run that long must cover it).
 */
export function hasLongDigitRun(text: string): boolean {
  const need = SAFE_DIGITS + 1;
  let i = need - 1; // the last character of a window of `need`
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i += need;
      continue;
    }
    let j = i - 1;
    while (j > i - need && isDigit(text.charCodeAt(j))) j--;
    if (j === i - need) return true;
    i = j + need; // j is no digit: a long run starts after it
  }
  return false;
}

/** JSON.parse, except that integers beyond ±(2^53−1) come back as bigint. Throws JsonSyntaxError for invalid text. */
export function parseExactJson(text: string): ExactJson {
  if (hasLongDigitRun(text)) return parseWithBigInts(text);
  try {
    return JSON.parse(text) as ExactJson;
  } catch (e) {
    throw new JsonSyntaxError((e as Error).message);
  }
}

// A strict JSON parser (what JSON.parse accepts, no more) that keeps long integers exact. Its cursor lives at
// module level, as no closures per call make it about as fast as JSON.parse on short records.
let src = '';
let pos = 0;

function parseWithBigInts(text: string): ExactJson {
  src = text;
  pos = 0;
  try {
    const v = value();
    skipSpace();
    if (pos < src.length) fail('unexpected text after the document');
    return v;
  } catch (e) {
    throw e instanceof JsonSyntaxError ? e : new JsonSyntaxError(`${(e as Error).message} at position ${pos}`); // e.g. nesting past the stack
  } finally {
    src = '';
  }
}

const fail = (what: string): never => {
  throw new JsonSyntaxError(`${what} at position ${pos}`);
};

function skipSpace(): void {
  let c = src.charCodeAt(pos);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = src.charCodeAt(++pos);
}

function value(): ExactJson {
  skipSpace();
  const c = src.charCodeAt(pos);
  if (c === 123) return object();
  if (c === 91) return array();
  if (c === 34) return string();
  if (c === 116) return literal('true', true);
  if (c === 102) return literal('false', false);
  if (c === 110) return literal('null', null);
  return number();
}

function object(): ExactJson {
  pos++;
  const out: { [key: string]: ExactJson } = {};
  skipSpace();
  if (src.charCodeAt(pos) === 125) return pos++, out;
  for (;;) {
    skipSpace();
    if (src.charCodeAt(pos) !== 34) fail('expected a property name');
    const key = string();
    skipSpace();
    if (src.charCodeAt(pos++) !== 58) fail('expected ":"');
    const v = value();
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
    skipSpace();
    const next = src.charCodeAt(pos++);
    if (next === 125) return out;
    if (next !== 44) fail('expected "," or "}"');
  }
}

function array(): ExactJson {
  pos++;
  const out: ExactJson[] = [];
  skipSpace();
  if (src.charCodeAt(pos) === 93) return pos++, out;
  for (;;) {
    out.push(value());
    skipSpace();
    const next = src.charCodeAt(pos++);
    if (next === 93) return out;
    if (next !== 44) fail('expected "," or "]"');
  }
}

function string(): string {
  const start = ++pos;
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 34) return src.slice(start, pos++);
    if (c === 92) return escapedString(start - 1);
    if (c < 32 || c !== c) fail(c !== c ? 'unterminated string' : 'control character in a string');
    pos++;
  }
}

/** A string with escapes, from its opening quote: JSON.parse reads (and checks) the escapes. */
function escapedString(quote: number): string {
  for (let c = src.charCodeAt(pos); c !== 34; c = src.charCodeAt(pos)) {
    if (c < 32 || c !== c) fail(c !== c ? 'unterminated string' : 'control character in a string');
    pos += c === 92 ? 2 : 1;
  }
  const raw = src.slice(quote, ++pos);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return fail('bad escape in a string');
  }
}

function literal(word: string, v: boolean | null): boolean | null {
  if (!src.startsWith(word, pos)) fail('unexpected character');
  pos += word.length;
  return v;
}

function digits(): void {
  if (!isDigit(src.charCodeAt(pos))) fail('expected a digit');
  while (isDigit(src.charCodeAt(++pos)));
}

function number(): number | bigint {
  const start = pos;
  if (src.charCodeAt(pos) === 45) pos++;
  if (src.charCodeAt(pos) === 48) pos++;
  else digits();
  let integer = true;
  if (src.charCodeAt(pos) === 46) {
    integer = false;
    pos++;
    digits();
  }
  const e = src.charCodeAt(pos);
  if (e === 101 || e === 69) {
    integer = false;
    const sign = src.charCodeAt(++pos);
    if (sign === 43 || sign === 45) pos++;
    digits();
  }
  const token = src.slice(start, pos);
  const n = Number(token);
  return integer && pos - start > SAFE_DIGITS && !Number.isSafeInteger(n) ? BigInt(token) : n;
}

/** Whether JSON.stringify would lose something in the value: a bigint (it throws), NaN, ±Infinity (null) or -0 (0). */
function needsExactWriter(v: unknown): boolean {
  if (typeof v === 'number') return v * 0 !== 0 || (v === 0 && 1 / v < 0);
  if (typeof v === 'bigint') return true;
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (needsExactWriter(v[i])) return true;
    return false;
  }
  for (const k in v) if (needsExactWriter((v as Record<string, unknown>)[k])) return true;
  return false;
}

const NONCE = Math.random().toString(36).slice(2);
const MARK = new RegExp(`"\\\\u0000${NONCE}(\\d+)\\\\u0000"`, 'g');

function write(value: unknown, indent: number | undefined, bareNonFinite: boolean): string {
  if (!needsExactWriter(value)) return JSON.stringify(value, null, indent);
  const literals: string[] = [];
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      let literal: string;
      if (typeof v === 'bigint') literal = v.toString();
      else if (typeof v === 'number' && (v * 0 !== 0 || (v === 0 && 1 / v < 0))) literal = v === 0 ? '-0' : bareNonFinite ? String(v) : `"${String(v)}"`;
      else return v;
      literals.push(literal);
      return `\u0000${NONCE}${literals.length - 1}\u0000`;
    },
    indent,
  );
  return text.replace(MARK, (_m, n: string) => literals[Number(n)]!);
}

/** JSON text, exact: bigints as integer literals, -0 as -0, NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity". */
export function stringifyExactJson(value: unknown, indent?: number): string {
  return write(value, indent, false);
}

/** Text to show a value: stringifyExactJson, but NaN, Infinity and -Infinity bare (a string "NaN" stays quoted). */
export function displayJson(value: unknown, indent?: number): string {
  return write(value, indent, true);
}
