/**
 * The record fields a CEL expression reads (`message.customer.email`, `message['x']`), with their values
 * in the record, for the report of a failed rule. Values are made JSON-safe (BigInt as text, bytes as hex).
 */
export function fieldsRead(expr: string, msg: unknown): { path: string; value: unknown }[] {
  const paths = new Set<string>();
  for (const m of expr.matchAll(/\bmessage((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\s*(?:'[^']*'|"[^"]*")\s*\])+)/g)) {
    const segments = [...m[1]!.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]*)['"]\s*\]/g)].map((s) => s[1] ?? s[2]!);
    // A trailing method call (message.name.startsWith(...)) is not a field.
    const next = expr.slice((m.index ?? 0) + m[0].length).trimStart();
    if (next.startsWith('(')) segments.pop();
    if (segments.length) paths.add(segments.join('.'));
  }
  return [...paths].map((path) => ({ path, value: jsonSafe(valueAt(msg, path.split('.'))) }));
}

function valueAt(msg: unknown, segments: string[]): unknown {
  let node = msg;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}
