import type { SchemaReference, SchemaType } from '../../../../shared/model/schemas';

/** Templates for a new subject: a small, valid schema of each type to start from. */
export const TEMPLATES: Record<SchemaType, string> = {
  AVRO: `{
  "type": "record",
  "name": "Order",
  "namespace": "com.example",
  "doc": "One order",
  "fields": [
    { "name": "id", "type": "long" },
    { "name": "amount", "type": { "type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2 } },
    { "name": "placed_at", "type": { "type": "long", "logicalType": "timestamp-millis" } },
    { "name": "note", "type": ["null", "string"], "default": null }
  ]
}
`,
  PROTOBUF: `syntax = "proto3";
package com.example;

import "google/protobuf/timestamp.proto";

message Order {
  int64 id = 1;
  string currency = 2;
  int64 amount_cents = 3;
  google.protobuf.Timestamp placed_at = 4;
  repeated Line lines = 5;

  message Line {
    string sku = 1;
    int32 quantity = 2;
  }
}
`,
  JSON: `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Order",
  "type": "object",
  "properties": {
    "id": { "type": "integer" },
    "amount": { "type": "number", "minimum": 0 },
    "note": { "type": "string" }
  },
  "required": ["id"],
  "additionalProperties": false
}
`,
};

/** Pretty-printed JSON (2 spaces) for Avro and JSON Schema; Protobuf re-indented by braces. Text that does not parse is returned as is. */
export function formatSchema(type: SchemaType, text: string): string {
  if (type !== 'PROTOBUF') {
    try {
      return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
    } catch {
      return text;
    }
  }
  let depth = 0;
  const lines = text.split('\n').map((raw) => {
    const line = raw.trim();
    if (line.startsWith('}')) depth = Math.max(0, depth - 1);
    const out = line ? '  '.repeat(depth) + line : '';
    const opens = (line.replace(/\/\/.*$/, '').match(/\{/g) ?? []).length;
    const closes = (line.replace(/\/\/.*$/, '').match(/\}/g) ?? []).length - (line.startsWith('}') ? 1 : 0);
    depth = Math.max(0, depth + opens - closes);
    return out;
  });
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** References as editable text, one `name = subject:version` per line, and back. */
export function referencesText(refs: SchemaReference[]): string {
  return refs.map((r) => `${r.name} = ${r.subject}:${r.version}`).join('\n');
}

export function parseReferences(text: string): { refs: SchemaReference[]; problem: string | null } {
  const refs: SchemaReference[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(.+?)\s*=\s*(.+):(\d+)$/.exec(line);
    if (!m) return { refs, problem: `reference line ${i + 1}: write name = subject:version` };
    refs.push({ name: m[1]!, subject: m[2]!.trim(), version: Number(m[3]) });
  }
  return { refs, problem: null };
}
