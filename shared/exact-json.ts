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
  let plain: ExactJson;
  try {
    plain = JSON.parse(text) as ExactJson; // validates; the value itself when no literal can be rounded
  } catch (e) {
    throw new JsonSyntaxError((e as Error).message);
  }
  return hasLongDigitRun(text) ? parseWithBigInts(text) : plain;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** A parser for text JSON.parse has already accepted; it differs from it only in the integers it keeps exact. */
function parseWithBigInts(text: string): ExactJson {
  let i = 0;
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  const noEscapes = !text.includes('\\');
  const string = (): string => {
    const start = i;
    if (noEscapes) {
      i = text.indexOf('"', start + 1) + 1;
      return text.slice(start + 1, i - 1);
    }
    let j = start + 1;
    let escaped = false;
    for (let c = text.charCodeAt(j); c !== 34; c = text.charCodeAt(j)) {
      if (c === 92) {
        escaped = true;
        j += 2;
      } else j++;
    }
    i = j + 1;
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, j);
  };
  const number = (): number | bigint => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text)!;
    i += m[0].length;
    if (m[1] !== undefined || m[2] !== undefined || m[0].length <= SAFE_DIGITS) return Number(m[0]);
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  };
  const value = (): ExactJson => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      const out: { [key: string]: ExactJson } = {};
      ws();
      if (text.charCodeAt(i) === 125) return i++, out;
      for (;;) {
        ws();
        const key = string();
        ws();
        i++; // :
        const v = value();
        if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        else out[key] = v;
        ws();
        if (text.charCodeAt(i++) === 125) return out;
      }
    }
    if (c === 91) {
      i++;
      const out: ExactJson[] = [];
      ws();
      if (text.charCodeAt(i) === 93) return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text.charCodeAt(i++) === 93) return out;
      }
    }
    if (c === 34) return string();
    if (c === 116) return (i += 4), true;
    if (c === 102) return (i += 5), false;
    if (c === 110) return (i += 4), null;
    return number();
  };
  return value();
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
