import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Marker, ValidationResult } from '../../../../shared/model/schemas';
import { nodeAt, plain, prop, type JsonNode } from './json-tree';
import { jsonTreeOrMarker, markerAt } from './markers';

const DRAFTS: { match: RegExp; name: string; make: () => Ajv }[] = [
  { match: /2020-12/, name: '2020-12', make: () => new Ajv2020(options()) },
  { match: /2019-09/, name: '2019-09', make: () => new Ajv2019(options()) },
  { match: /draft-07|^$/, name: 'draft-07', make: () => new Ajv(options()) },
];

function options() {
  return { strict: false, allErrors: true, validateSchema: false, validateFormats: true };
}

/**
 * Checks a JSON Schema against the meta-schema it declares in "$schema" (draft-07 when absent;
 * 2019-09 and 2020-12 by their own meta-schemas), then compiles it with its references so an
 * unresolvable "$ref" is caught. `references`: the referenced schemas' text.
 */
export function validateJsonSchema(text: string, references: string[] = []): ValidationResult {
  const parsed = jsonTreeOrMarker(text, 'The JSON Schema');
  if ('marker' in parsed) return { valid: false, markers: [parsed.marker], names: [] };
  const tree = parsed.tree;
  const markers: Marker[] = [];
  const mark = (node: { start: number; end: number }, message: string, severity: Marker['severity'] = 'error') => markers.push(markerAt(text, node.start, node.end, message, severity));
  if (tree.kind !== 'object' && tree.kind !== 'boolean') {
    mark(tree, 'a JSON Schema is an object (or true/false)');
    return { valid: false, markers, names: [] };
  }
  const declared = prop(tree, '$schema')?.value;
  const uri = declared?.kind === 'string' ? declared.value : '';
  let draft = DRAFTS.find((d) => d.match.test(uri));
  if (!draft) {
    draft = DRAFTS[2]!;
    mark(declared ?? tree, `"${uri}" is not a draft Floe checks against (draft-07, 2019-09, 2020-12): checked as draft-07`, 'warning');
  }
  const ajv = draft.make();
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const schema = plain(tree) as Record<string, unknown>;
  if (!DRAFTS.some((d) => d.match.test(uri))) delete schema.$schema; // ajv refuses a meta-schema it does not hold
  if (!ajv.validateSchema(schema)) {
    for (const e of dedupe(ajv.errors ?? [])) mark(nodeAt(tree, e.instancePath), `${draft.name} meta-schema: ${describe(e)}`);
    return { valid: false, markers, names: [] };
  }
  for (const ref of references) {
    try {
      const refSchema = JSON.parse(ref) as { $id?: string };
      if (refSchema.$id) ajv.addSchema(refSchema);
    } catch {
      /* reported by the reference's own validation */
    }
  }
  try {
    ajv.compile(schema);
  } catch (e) {
    const message = (e as Error).message;
    const ref = /can't resolve reference (\S+)/.exec(message)?.[1];
    mark((ref && findRef(tree, ref)) || tree, `JSON Schema: ${message}${ref ? ' (add a reference whose name is this $ref)' : ''}`);
  }
  const id = prop(tree, '$id')?.value;
  const title = prop(tree, 'title')?.value;
  const names = [id, title].flatMap((n) => (n?.kind === 'string' ? [n.value] : []));
  return { valid: markers.every((m) => m.severity !== 'error'), markers, names };
}

function describe(e: ErrorObject): string {
  const params = e.params as { allowedValues?: unknown[]; additionalProperty?: string; type?: string };
  if (params.allowedValues) return `${e.message} (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  return e.message ?? e.keyword;
}

/** Meta-schema checks report anyOf branches one by one: keep one message per place. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Map<string, ErrorObject>();
  for (const e of errors) if (!seen.has(e.instancePath) || e.keyword === 'enum') seen.set(e.instancePath, e);
  return [...seen.values()];
}

function findRef(root: JsonNode, ref: string): JsonNode | null {
  let found: JsonNode | null = null;
  const visit = (n: JsonNode) => {
    if (found) return;
    if (n.kind === 'object') {
      const r = prop(n, '$ref');
      if (r?.value.kind === 'string' && ref.endsWith(r.value.value.replace(/^#/, ''))) found = r.value;
      n.props.forEach((p) => visit(p.value));
    } else if (n.kind === 'array') n.items.forEach(visit);
  };
  visit(root);
  return found;
}
