/**
 * JSON.parse that keeps 64-bit integers exact: an integer literal outside the safe range becomes a
 * bigint (snapshot ids are 63-bit random numbers and JSON.parse would round them). Everything else
 * is what JSON.parse gives.
 */
export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

export class JsonSyntaxError extends Error {}

export function parseExactJson(text: string): ExactJson {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at character ${i}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const value = (): ExactJson => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: { [key: string]: ExactJson } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        out[key] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return out;
        } else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: ExactJson[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    return number();
  };
  const string = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') {
        escaped = true;
        i += 2;
      } else if (c === '"') {
        i++;
        const raw = text.slice(start, i);
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      } else i++;
    }
    return fail('unterminated string');
  };
  const number = (): number | bigint => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail('unexpected token');
    i += m[0].length;
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const result = value();
  ws();
  if (i < text.length) fail('unexpected text after the document');
  return result;
}

/** JSON.stringify that writes bigints as bare integer literals (the inverse of parseExactJson). */
export function stringifyExactJson(value: unknown, indent?: number): string {
  const marks = new Map<string, string>();
  const text = JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      const mark = `\u0000big${marks.size}\u0000`;
      marks.set(mark, v.toString());
      return mark;
    },
    indent,
  );
  return marks.size === 0 ? text : text.replace(/"\\u0000big\d+\\u0000"/g, (m) => marks.get(JSON.parse(m) as string) ?? m);
}
