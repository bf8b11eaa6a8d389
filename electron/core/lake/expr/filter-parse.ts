import { FloeError } from '../../../../shared/errors';
import type { Expr, Literal, Op, UnboundPred } from './expr';

type Token = { t: 'ident'; v: string; at: number } | { t: 'str'; v: string; at: number } | { t: 'num'; v: string; at: number } | { t: 'sym'; v: string; at: number };

const KEYWORDS = new Set(['AND', 'OR', 'IS', 'NOT', 'NULL', 'IN', 'TRUE', 'FALSE']);

function bad(text: string, at: number, what: string): FloeError {
  return new FloeError('BAD_INPUT', `Filter "${text}": ${what} at character ${at + 1}`);
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw bad(text, i, 'unterminated string');
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += text[j];
        j++;
      }
      out.push({ t: 'str', v, at: i });
      i = j + 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw bad(text, i, 'unterminated quoted name');
      out.push({ t: 'ident', v: text.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[-+0-9.]/.test(c) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.test(text.slice(i))) {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i))?.[0] ?? '';
      out.push({ t: 'num', v: m, at: i });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w$]*/.exec(text.slice(i))?.[0] ?? '';
      out.push({ t: 'ident', v: m, at: i });
      i += m.length;
    } else {
      const m = ['<=', '>=', '<>', '!=', '==', '=', '<', '>', '(', ')', ','].find((s) => text.startsWith(s, i));
      if (!m) throw bad(text, i, `unexpected "${c}"`);
      out.push({ t: 'sym', v: m, at: i });
      i += m.length;
    }
  }
  return out;
}

const COMPARE: Record<string, Op> = { '=': 'eq', '==': 'eq', '!=': 'notEq', '<>': 'notEq', '<': 'lt', '<=': 'ltEq', '>': 'gt', '>=': 'gtEq' };
const FLIP: Partial<Record<Op, Op>> = { lt: 'gt', ltEq: 'gtEq', gt: 'lt', gtEq: 'ltEq' };

/**
 * Parses a row filter: `column op literal` with =, !=, <>, <, <=, >, >=, `IS [NOT] NULL`, `IN (…)`, joined by AND/OR
 * (AND binds tighter) with parentheses. Literals are 'text', numbers and true/false; names may be "quoted".
 */
export function parseFilter(text: string): Expr<UnboundPred> {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isKw = (tok: Token | undefined, kw: string) => tok?.t === 'ident' && tok.v.toUpperCase() === kw && KEYWORDS.has(kw);
  const isSym = (tok: Token | undefined, s: string) => tok?.t === 'sym' && tok.v === s;
  const where = () => peek()?.at ?? text.length;
  const expectSym = (s: string) => {
    if (!isSym(peek(), s)) throw bad(text, where(), `expected "${s}"`);
    pos++;
  };

  const literal = (): Literal => {
    const tok = peek();
    if (!tok) throw bad(text, text.length, 'expected a value');
    pos++;
    if (tok.t === 'str') return { kind: 'string', value: tok.v };
    if (tok.t === 'num') return { kind: 'number', text: tok.v };
    if (isKw(tok, 'TRUE') || isKw(tok, 'FALSE')) return { kind: 'boolean', value: tok.v.toUpperCase() === 'TRUE' };
    throw bad(text, tok.at, 'expected a value (\'text\', a number, true or false)');
  };

  const predicate = (): Expr<UnboundPred> => {
    if (isSym(peek(), '(')) {
      pos++;
      const e = disjunction();
      expectSym(')');
      return e;
    }
    const tok = peek();
    if (tok?.t === 'ident' && !KEYWORDS.has(tok.v.toUpperCase())) {
      pos++;
      const column = tok.v;
      const next = peek();
      if (isKw(next, 'IS')) {
        pos++;
        const not = isKw(peek(), 'NOT');
        if (not) pos++;
        if (!isKw(peek(), 'NULL')) throw bad(text, where(), 'expected NULL');
        pos++;
        return { kind: 'pred', pred: { column, op: not ? 'notNull' : 'isNull', literals: [] } };
      }
      if (isKw(next, 'IN')) {
        pos++;
        expectSym('(');
        const literals = [literal()];
        while (isSym(peek(), ',')) {
          pos++;
          literals.push(literal());
        }
        expectSym(')');
        return { kind: 'pred', pred: { column, op: 'in', literals } };
      }
      if (next?.t === 'sym' && COMPARE[next.v]) {
        pos++;
        return { kind: 'pred', pred: { column, op: COMPARE[next.v] as Op, literals: [literal()] } };
      }
      throw bad(text, where(), `expected a comparison after "${column}"`);
    }
    // `literal op column`, e.g. 5 < qty.
    if (tok && (tok.t === 'str' || tok.t === 'num')) {
      const lit = literal();
      const op = peek();
      const col = tokens[pos + 1];
      if (op?.t === 'sym' && COMPARE[op.v] && col?.t === 'ident' && !KEYWORDS.has(col.v.toUpperCase())) {
        pos += 2;
        const o = COMPARE[op.v] as Op;
        return { kind: 'pred', pred: { column: col.v, op: FLIP[o] ?? o, literals: [lit] } };
      }
    }
    throw bad(text, where(), 'expected a column name');
  };

  const conjunction = (): Expr<UnboundPred> => {
    let e = predicate();
    while (isKw(peek(), 'AND')) {
      pos++;
      e = { kind: 'and', left: e, right: predicate() };
    }
    return e;
  };

  const disjunction = (): Expr<UnboundPred> => {
    let e = conjunction();
    while (isKw(peek(), 'OR')) {
      pos++;
      e = { kind: 'or', left: e, right: conjunction() };
    }
    return e;
  };

  if (tokens.length === 0) throw new FloeError('BAD_INPUT', 'The filter is empty');
  const e = disjunction();
  if (pos < tokens.length) throw bad(text, where(), `unexpected "${peek()?.v}"`);
  return e;
}
