/**
 * JSON text as a tree that remembers where every value and key sits, so a problem found in a schema
 * can be marked at its exact line and column. Strict JSON (RFC 8259); the first syntax error is
 * reported with its offset.
 */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; props: JsonProp[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; value: string }
  | { kind: 'number'; start: number; end: number; value: number; text: string }
  | { kind: 'boolean'; start: number; end: number; value: boolean }
  | { kind: 'null'; start: number; end: number; value: null };

export interface JsonProp {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonTree(text: string): JsonNode {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, at);
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = () => (i >= text.length ? 'the end of the text' : `"${text[i]}"`);

  const str = (): { value: string; start: number; end: number } => {
    const start = i++;
    let out = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return { value: out, start, end: ++i };
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`invalid escape sequence \\${e ?? ''} in a string`);
      } else if (c < ' ') fail('a string cannot hold a raw control character or line break (escape it)');
      else {
        out += c;
        i++;
      }
    }
    return fail('unterminated string: a closing " is missing', start);
  };

  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const props: JsonProp[] = [];
      ws();
      if (text[i] === '}') return { kind: 'object', start, end: ++i, props };
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = str();
        ws();
        if (text[i] !== ':') fail(`expected ":" after property "${key.value}", found ${describe()}`);
        i++;
        props.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: value() });
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('trailing comma before "}"');
          continue;
        }
        if (text[i] === '}') return { kind: 'object', start, end: ++i, props };
        fail(`expected "," or "}" after a property, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('trailing comma before "]"');
          continue;
        }
        if (text[i] === ']') return { kind: 'array', start, end: ++i, items };
        fail(`expected "," or "]" after an array item, found ${describe()}`);
      }
    }
    if (c === '"') return { kind: 'string', ...str() };
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num && num[0].length > 0 && (c === '-' || (c! >= '0' && c! <= '9'))) {
      i += num[0].length;
      return { kind: 'number', start, end: i, value: Number(num[0]), text: num[0] };
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v === null ? { kind: 'null', start, end: i, value: null } : { kind: 'boolean', start, end: i, value: v };
      }
    }
    return fail(i >= text.length ? 'unexpected end of the text: a value is missing' : `unexpected ${describe()}: expected a value`);
  };

  const root = value();
  ws();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  return root;
}

/** The plain value of a node. */
export function plain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.props.map((p) => [p.key, plain(p.value)]));
    case 'array':
      return node.items.map(plain);
    default:
      return node.value;
  }
}

export function prop(node: JsonNode | undefined, key: string): JsonProp | undefined {
  return node?.kind === 'object' ? node.props.find((p) => p.key === key) : undefined;
}

/** The node at a JSON Pointer (`/properties/id/type`), or the deepest one that exists on the way. */
export function nodeAt(root: JsonNode, pointer: string): JsonNode {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const next = node.kind === 'object' ? node.props.find((p) => p.key === key)?.value : node.kind === 'array' ? node.items[Number(key)] : undefined;
    if (!next) break;
    node = next;
  }
  return node;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
