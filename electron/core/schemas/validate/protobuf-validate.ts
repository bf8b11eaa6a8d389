import protobuf from 'protobufjs';
import type { Marker, ValidationResult } from '../../../../shared/model/schemas';
import { protobufSchema } from '../../decode/protobuf';
import { lineMarker } from './markers';

/**
 * Checks a .proto file with protobufjs (the library Floe decodes with): syntax errors at their line,
 * imports that no reference resolves (google/protobuf/* well-known types are built in), unknown types,
 * duplicate field numbers. `references`: import path → the referenced file's text.
 */
export function validateProtobuf(text: string, references: Map<string, string> = new Map()): ValidationResult {
  const lines = text.split('\n');
  let imports: string[];
  try {
    imports = protobuf.parse(text, new protobuf.Root(), { keepCase: true, alternateCommentMode: true }).imports ?? [];
  } catch (e) {
    return { valid: false, markers: [parseErrorMarker(text, lines, (e as Error).message)], names: [] };
  }
  const markers: Marker[] = [];
  for (const path of imports) {
    if (references.has(path) || protobuf.common.get(path)) continue;
    const line = lines.findIndex((l) => new RegExp(`^\\s*import\\s+(public\\s+|weak\\s+)?"${escape(path)}"`).test(l)) + 1;
    markers.push(lineMarker(text, line || 1, `import "${path}" is not resolved: add a reference named "${path}" to the subject and version that holds it`));
  }
  if (markers.length) return { valid: false, markers, names: [] };
  try {
    const schema = protobufSchema(text, references);
    const names: string[] = [];
    const collect = (types: protobuf.Type[]) => {
      for (const t of types) {
        names.push(t.fullName.replace(/^\./, ''));
        collect(t.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type));
      }
    };
    collect(schema.fileMessages);
    if (names.length === 0) markers.push(lineMarker(text, 1, 'the file defines no message: records need a message type', 'warning'));
    return { valid: true, markers, names };
  } catch (e) {
    return { valid: false, markers: [resolveErrorMarker(text, lines, (e as Error).message)], names: [] };
  }
}

/** protobufjs: "illegal token 'string', ';' expected (line 5)". */
function parseErrorMarker(text: string, lines: string[], message: string): Marker {
  if (!/\(line \d+\)/.test(message)) return resolveErrorMarker(text, lines, message);
  const line = Number(/\(line (\d+)\)/.exec(message)?.[1] ?? 1);
  const token = /'([^']*)'/.exec(message)?.[1];
  const column = token && token !== 'null' ? (lines[line - 1] ?? '').indexOf(token) + 1 : 0;
  const clean = message.replace(/\s*\(line \d+\)/, '').replace("illegal end of input 'null'", 'the file ends too early (a "}" or ";" is missing?)');
  return lineMarker(text, line, `Protobuf: ${clean}`, 'error', column > 0 ? column : 1);
}

/** "no such Type or Enum 'x.Y' in Type .t.M", "duplicate id 1 in Type M", "duplicate name 'a' in Type M". */
function resolveErrorMarker(text: string, lines: string[], message: string): Marker {
  const unknown = /no such (?:Type or Enum|type) '([^']+)'/.exec(message)?.[1];
  const dupId = /duplicate id (\d+)/.exec(message)?.[1];
  const dupName = /duplicate name '([^']+)'/.exec(message)?.[1];
  let pattern: RegExp | null = null;
  let occurrence = 1;
  if (unknown) pattern = new RegExp(`(^|[\\s<,(])${escape(unknown)}[\\s>]`);
  else if (dupId) {
    pattern = new RegExp(`=\\s*${dupId}\\s*[;\\[]`);
    occurrence = 2;
  } else if (dupName) {
    pattern = new RegExp(`\\b${escape(dupName)}\\s*=`);
    occurrence = 2;
  }
  let line = 0;
  if (pattern) {
    let seen = 0;
    line = lines.findIndex((l) => pattern.test(l.replace(/\/\/.*$/, '')) && ++seen === occurrence) + 1;
  }
  const hint = unknown ? ' (a missing import, or a misspelt name?)' : dupId ? ' (field numbers must be unique within a message)' : '';
  const column = unknown && line ? (lines[line - 1] ?? '').indexOf(unknown) + 1 : 1;
  return lineMarker(text, line || 1, `Protobuf: ${message.replace(/ in Type \./, ' in ')}${hint}`, 'error', column || 1);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
