import { additional, deref, describeJson, pointer, props, requiredOf, typesOf, type JsonSchema, type JsonSchemaDoc } from '../model/json-schema-model';
import type { Problem } from './problem';

/** Constraints where a larger reader value narrows (minimums) and where a smaller one does (maximums). */
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const EXACT = ['pattern', 'format', 'multipleOf'];

/**
 * Why `reader` rejects documents `writer` accepts: a type or enum value dropped, a bound tightened,
 * a property newly required, a property constrained where the writer's open content model allowed
 * any value, the content model closed, a property removed from a closed model.
 */
export function jsonSchemaReadProblems(reader: JsonSchemaDoc, writer: JsonSchemaDoc): Problem[] {
  const out: Problem[] = [];
  walk(reader, writer, reader.root, writer.root, '', new Set(), out);
  return out;
}

function walk(rd: JsonSchemaDoc, wd: JsonSchemaDoc, rRaw: JsonSchema, wRaw: JsonSchema, path: string, seen: Set<string>, out: Problem[]): void {
  const r = deref(rd, rRaw);
  const w = deref(wd, wRaw);
  if (r.key && w.key) {
    const pair = `${r.key}|${w.key}`;
    if (seen.has(pair)) return; // a recursive definition, already being compared
    seen.add(pair);
  }
  const at = path || '/';
  const [rs, ws] = [r.schema, w.schema];
  if (ws === false || rs === true) return;
  if (rs === false) {
    out.push({ path: at, kind: 'type-changed', message: `{reader} accepts nothing at ${at} (false), and {writer} accepts ${describeJson(ws)}` });
    return;
  }
  const wObj = typeof ws === 'object' ? ws : {};
  const rTypes = typesOf(rs);
  const wTypes = typesOf(ws);
  if (rTypes) {
    const lost = wTypes ? [...wTypes].filter((t) => !rTypes.has(t) && !(t === 'integer' && rTypes.has('number'))) : ['any type'];
    if (lost.length) {
      out.push({ path: at, kind: 'type-changed', message: `${at} is ${describeJson(ws)} in {writer} and ${describeJson(rs)} in {reader}: {writer}'s ${lost.join(', ')} values are rejected` });
      return;
    }
  }
  enumValues(rs, wObj, at, out);
  bounds(rs, wObj, at, out);
  objects(rd, wd, rs, ws, path, seen, out);
  if (rs.items !== undefined && !Array.isArray(rs.items)) walk(rd, wd, rs.items as JsonSchema, (wObj.items as JsonSchema | undefined) ?? true, pointer(path, 'items'), seen, out);
  for (const k of ['anyOf', 'oneOf'] as const) {
    const [rb, wb] = [rs[k], wObj[k]];
    if (Array.isArray(rb) && Array.isArray(wb) && rb.length < wb.length)
      out.push({ path: pointer(path, k), kind: 'union-branch-removed', message: `{reader}'s ${k} at ${at} has ${rb.length} branches, {writer}'s ${wb.length}: documents matching the dropped ones are rejected` });
  }
}

function enumValues(rs: Record<string, unknown>, ws: Record<string, unknown>, at: string, out: Problem[]): void {
  const allowed = Array.isArray(rs.enum) ? rs.enum : 'const' in rs ? [rs.const] : null;
  if (!allowed) return;
  const key = (v: unknown) => JSON.stringify(v);
  const given = Array.isArray(ws.enum) ? ws.enum : 'const' in ws ? [ws.const] : null;
  if (!given) {
    out.push({ path: at, kind: 'enum-value-removed', message: `{reader} allows only ${allowed.map(key).join(', ')} at ${at}, and {writer} allows any value of its type` });
    return;
  }
  const lost = given.filter((v) => !allowed.some((a) => key(a) === key(v)));
  if (lost.length) out.push({ path: at, kind: 'enum-value-removed', message: `{writer} allows ${lost.map(key).join(', ')} at ${at}, which {reader}'s enum drops` });
}

function bounds(rs: Record<string, unknown>, ws: Record<string, unknown>, at: string, out: Problem[]): void {
  for (const k of [...LOWER, ...UPPER, ...EXACT]) {
    const rv = rs[k];
    if (rv === undefined || typeof rv === 'boolean') continue;
    const wv = ws[k];
    const narrower = wv === undefined || (LOWER.includes(k) ? Number(rv) > Number(wv) : UPPER.includes(k) ? Number(rv) < Number(wv) : JSON.stringify(rv) !== JSON.stringify(wv));
    if (narrower)
      out.push({
        path: at,
        kind: 'constraint-narrowed',
        message: `{reader} sets ${k} ${JSON.stringify(rv)} at ${at}, where {writer} ${wv === undefined ? `has no ${k}` : `has ${JSON.stringify(wv)}`}: documents {writer} accepts are rejected`,
      });
  }
  if (rs.uniqueItems === true && ws.uniqueItems !== true) out.push({ path: at, kind: 'constraint-narrowed', message: `{reader} requires unique items at ${at}, {writer} does not` });
}

function objects(rd: JsonSchemaDoc, wd: JsonSchemaDoc, rs: Record<string, unknown>, ws: JsonSchema, path: string, seen: Set<string>, out: Problem[]): void {
  const at = path || '/';
  const wRequired = new Set(requiredOf(ws));
  for (const name of requiredOf(rs))
    if (!wRequired.has(name))
      out.push({ path: pointer(path, 'properties', name), kind: 'required-added', message: `{reader} requires the property "${name}", which {writer} does not: its documents may lack it` });
  const [rProps, wProps] = [props(rs), props(ws)];
  const [rExtra, wExtra] = [additional(rs), additional(ws)];
  for (const [name, wp] of Object.entries(wProps)) {
    const rp = rProps[name];
    if (rp !== undefined) walk(rd, wd, rp, wp, pointer(path, 'properties', name), seen, out);
    else if (rExtra === false)
      out.push({ path: pointer(path, 'properties', name), kind: 'property-removed', message: `{reader} has no property "${name}" and allows no others (additionalProperties: false), and {writer} has it` });
    else if (rExtra !== true) walk(rd, wd, rExtra, wp, pointer(path, 'properties', name), seen, out);
  }
  for (const [name, rp] of Object.entries(rProps)) {
    if (name in wProps || wExtra === false) continue;
    // The writer's open content model lets "name" hold anything: the reader must accept whatever it held.
    const before = out.length;
    walk(rd, wd, rp, wExtra, pointer(path, 'properties', name), seen, out);
    if (out.length > before)
      out.splice(before, out.length - before, {
        path: pointer(path, 'properties', name),
        kind: 'property-added',
        message: `{reader} adds the property "${name}" as ${describeJson(rp)}, and {writer}'s open content model lets it hold any value: close {writer}'s model (additionalProperties: false) first, or keep "${name}" open`,
      });
  }
  if (rExtra === false && wExtra !== false && (typesOf(ws)?.has('object') ?? true) && Object.keys(rProps).length + Object.keys(wProps).length > 0)
    out.push({ path: at, kind: 'closed-content-model', message: `{reader} allows no properties beyond its own at ${at} (additionalProperties: false), and {writer} allows others` });
}
