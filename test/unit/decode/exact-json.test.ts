import { describe, expect, it } from 'vitest';
import { displayJson, hasLongDigitRun, JsonSyntaxError, parseExactJson, stringifyExactJson } from '../../../shared/exact-json';

/** A small seeded generator (the same cases every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('exact JSON: parse', () => {
  it('keeps every digit of integers past 2^53, at any depth and sign', () => {
    const text = '{"max": 9223372036854775807, "min": -9223372036854775808, "n": 9007199254740993, "neg": -9007199254740993, "u": 18446744073709551615, "at": [1, [9007199254740993, {"deep": -12345678901234567890}]], "safe": 9007199254740991, "s": 12}';
    expect(parseExactJson(text)).toEqual({
      max: 2n ** 63n - 1n,
      min: -(2n ** 63n),
      n: 9007199254740993n,
      neg: -9007199254740993n,
      u: 2n ** 64n - 1n,
      at: [1, [9007199254740993n, { deep: -12345678901234567890n }]],
      safe: 9007199254740991,
      s: 12,
    });
    // 2^53 itself is exact as a double, but so is 2^53 + 1's rounding to it: past ±(2^53 − 1) an integer is a bigint.
    expect(parseExactJson('[9007199254740992, -9007199254740992]')).toEqual([2n ** 53n, -(2n ** 53n)]);
  });

  it('reads everything else as JSON.parse does: floats, 1e400, 1.0, -0, long fractions, digits in strings', () => {
    const text = '{"inf": 1e400, "ninf": -1e400, "one": 1.0, "negZero": -0, "negZeroF": -0.0, "frac": 0.12345678901234567890, "e": 12345678901234567e2, "id": "12345678901234567890", "esc": "a\\"b\\\\", "u": "\\u00e9", "__proto__": 1, "t": true, "f": false, "z": null}';
    const exact = parseExactJson(text) as Record<string, unknown>;
    expect(exact).toEqual(JSON.parse(text));
    expect(Object.is(exact.negZero, -0)).toBe(true);
    expect(exact.inf).toBe(Infinity);
    expect(Object.getPrototypeOf(exact)).toBe(Object.prototype);
    expect(Object.keys(exact)).toContain('__proto__');
  });

  it('equals JSON.parse on generated documents without long integers, and keeps long ones exact', () => {
    const next = rng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
    const leaf = (): string =>
      pick([
        () => String(Math.floor(next() * 1e15) * (next() < 0.5 ? -1 : 1)),
        () => String(next() * 1e6),
        () => JSON.stringify(`s${'9'.repeat(Math.floor(next() * 25))}\\"${pick(['', '\\n', 'é', '\u2028'])}`),
        () => pick(['true', 'false', 'null', '-0', '1.0', '1e400', '2E-3']),
      ])();
    const doc = (depth: number): string => {
      if (depth > 3 || next() < 0.3) return leaf();
      const n = Math.floor(next() * 5);
      return next() < 0.5 ? `[${Array.from({ length: n }, () => doc(depth + 1)).join(', ')}]` : `{${Array.from({ length: n }, (_, i) => `"k${i}": ${doc(depth + 1)}`).join(',\n ')}}`;
    };
    for (let i = 0; i < 2000; i++) {
      const text = doc(0);
      expect(parseExactJson(text)).toEqual(JSON.parse(text));
      const big = `{"big": ${pick(['', '-'])}${Math.floor(1 + next() * 8)}${'0123456789'.repeat(2).slice(0, 15 + Math.floor(next() * 5))}, "rest": ${text}}`;
      const digits = /"big": (-?\d+)/.exec(big)![1]!;
      const n = BigInt(digits);
      expect((parseExactJson(big) as { big: unknown }).big).toEqual(Number.isSafeInteger(Number(digits)) ? Number(digits) : n);
    }
  });

  it('accepts exactly what JSON.parse accepts, on thousands of mutations of a document with long integers', () => {
    const next = rng(3);
    const base = '{"id": 12345678901234567890, "s": "a\\"b\\u00e9", "l": [-0, 1.5e-3, true, false, null, {}, []], "n": -9007199254740993}';
    const alphabet = '{}[]":,.-+eE0123456789 \\tuna\u0001';
    const rounded = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(rounded) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)])) : v);
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      let text = base;
      for (let m = 0; m < 1 + Math.floor(next() * 3); m++) {
        const at = Math.floor(next() * text.length);
        const c = alphabet[Math.floor(next() * alphabet.length)]!;
        text = next() < 0.4 ? text.slice(0, at) + text.slice(at + 1) : next() < 0.5 ? text.slice(0, at) + c + text.slice(at) : text.slice(0, at) + c + text.slice(at + 1);
      }
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expect(() => parseExactJson(text), text).toThrow(JsonSyntaxError);
        continue;
      }
      accepted++;
      expect(rounded(parseExactJson(text)), text).toEqual(expected);
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('refuses invalid JSON as JSON.parse does', () => {
    for (const bad of ['{"a": 1,}', '{"a": 12345678901234567890,}', '[1', '{"a": "x\ty", "b": 12345678901234567890}', '', '01'])
      expect(() => parseExactJson(bad)).toThrow(JsonSyntaxError);
  });

  it('finds a run of 16 digits wherever it is, and nothing shorter', () => {
    const next = rng(11);
    for (let n = 0; n < 5000; n++) {
      const len = Math.floor(next() * 80);
      let text = '';
      for (let i = 0; i < len; i++) text += next() < 0.7 ? String(Math.floor(next() * 10)) : 'a, "."-e'[Math.floor(next() * 8)];
      expect(hasLongDigitRun(text), text).toBe(/\d{16}/.test(text));
    }
    expect(hasLongDigitRun('123456789012345')).toBe(false);
    expect(hasLongDigitRun('x1234567890123456')).toBe(true);
  });
});

describe('exact JSON: write', () => {
  const value = { id: 2n ** 63n - 1n, list: [-(2n ** 63n), 1, 9007199254740993n], nan: NaN, inf: Infinity, ninf: -Infinity, negZero: -0, zero: 0, s: 'NaN', n: null };

  it('writes bigints as integer literals, -0 as -0, and NaN/±Infinity as strings (valid JSON)', () => {
    const text = stringifyExactJson(value);
    expect(text).toBe('{"id":9223372036854775807,"list":[-9223372036854775808,1,9007199254740993],"nan":"NaN","inf":"Infinity","ninf":"-Infinity","negZero":-0,"zero":0,"s":"NaN","n":null}');
    expect(parseExactJson(text)).toEqual({ ...value, nan: 'NaN', inf: 'Infinity', ninf: '-Infinity' });
    expect(stringifyExactJson({ a: [1n] }, 2)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });

  it('shows NaN and ±Infinity bare for display, distinct from null and from the string "NaN"', () => {
    expect(displayJson(value)).toBe('{"id":9223372036854775807,"list":[-9223372036854775808,1,9007199254740993],"nan":NaN,"inf":Infinity,"ninf":-Infinity,"negZero":-0,"zero":0,"s":"NaN","n":null}');
  });

  it('is JSON.stringify for values without them, and cannot be fooled by a string that looks like its placeholder', () => {
    const plain = { a: [1, 'x', null, { b: true }], c: 1.5 };
    expect(stringifyExactJson(plain, 2)).toBe(JSON.stringify(plain, null, 2));
    const tricky = { big: 1n, s: '\u00000\u0000', t: '"\\u00000\\u0000"' };
    expect(JSON.parse(stringifyExactJson(tricky).replace('1,', '"1",'))).toEqual({ big: '1', s: tricky.s, t: tricky.t });
  });
});
