import { open } from 'node:fs/promises';
import { FloeError } from '../../../../shared/errors';
import { CompactReader, T } from './thrift-compact';

/**
 * A Parquet file's own schema, as a tree of fields with their Parquet field ids: what Floe needs to match the
 * fields inside structs, lists and maps to the table schema by id (DuckDB's read_parquet matches by id only at the
 * top level). Leaves say only whether DuckDB reads them as BLOB; their exact types do not matter here.
 */
export type FileType =
  | { kind: 'primitive'; binary: boolean }
  | { kind: 'struct'; fields: FileField[] }
  | { kind: 'list'; element: FileField }
  | { kind: 'map'; key: FileField; value: FileField };

export interface FileField {
  name: string;
  id?: number;
  type: FileType;
}

/** One SchemaElement of the footer (parquet.thrift), the fields Floe uses. */
interface Element {
  name: string;
  fieldId?: number;
  repeated: boolean;
  numChildren: number;
  physical?: number;
  converted?: number;
  /** The LogicalType union's member id (1 STRING, 2 MAP, 3 LIST, …). */
  logical?: number;
}

interface Node extends Element {
  children: Node[];
}

const REPEATED = 2;
const BYTE_ARRAY = 6;
const FIXED_LEN_BYTE_ARRAY = 7;
const CONVERTED_MAP = 1;
const CONVERTED_MAP_KEY_VALUE = 2;
const CONVERTED_LIST = 3;
const LOGICAL_MAP = 2;
const LOGICAL_LIST = 3;

function readElement(r: CompactReader): Element {
  const e: Element = { name: '', repeated: false, numChildren: 0 };
  r.struct((id, type) => {
    if (id === 1 && type === T.I32) e.physical = r.int();
    else if (id === 3 && type === T.I32) e.repeated = r.int() === REPEATED;
    else if (id === 4 && type === T.BINARY) e.name = r.string();
    else if (id === 5 && type === T.I32) e.numChildren = r.int();
    else if (id === 6 && type === T.I32) e.converted = r.int();
    else if (id === 9 && type === T.I32) e.fieldId = r.int();
    else if (id === 10 && type === T.STRUCT)
      r.struct((member) => {
        e.logical = member;
        return false;
      });
    else return false;
    return true;
  });
  return e;
}

/** The footer's flat, depth-first schema list (FileMetaData field 2); the rest of the footer is not read. */
function readElements(footer: Uint8Array, what: string): Element[] {
  const r = new CompactReader(footer, what);
  let elements: Element[] | undefined;
  r.struct((id, type) => {
    if (id !== 2 || type !== T.LIST) return false;
    const { size } = r.listHeader();
    elements = Array.from({ length: size }, () => readElement(r));
    return true;
  });
  if (!elements?.length) throw new FloeError('STORE_CORRUPT', `${what}: the footer has no schema`);
  return elements;
}

function toTree(elements: Element[], what: string): Node {
  let next = 0;
  const build = (depth: number): Node => {
    const e = elements[next++];
    if (!e || depth > 64) throw new FloeError('STORE_CORRUPT', `${what}: the footer's schema tree is malformed`);
    const node: Node = { ...e, children: [] };
    for (let i = 0; i < e.numChildren; i++) node.children.push(build(depth + 1));
    return node;
  };
  const root = build(0);
  if (next !== elements.length) throw new FloeError('STORE_CORRUPT', `${what}: the footer's schema tree is malformed`);
  return root;
}

function isGroup(n: Node): boolean {
  return n.numChildren > 0;
}

/** A node read as it is, ignoring its own repetition (the caller has dealt with it). */
function fieldOf(n: Node, what: string): FileField {
  const id = n.fieldId === undefined ? {} : { id: n.fieldId };
  if (!isGroup(n)) {
    const bytes = n.physical === BYTE_ARRAY || n.physical === FIXED_LEN_BYTE_ARRAY;
    return { name: n.name, ...id, type: { kind: 'primitive', binary: bytes && n.converted === undefined && n.logical === undefined } };
  }
  if (n.converted === CONVERTED_LIST || n.logical === LOGICAL_LIST) {
    const rep = n.children[0];
    if (n.children.length !== 1 || !rep?.repeated) throw new FloeError('STORE_CORRUPT', `${what}: list ${n.name} has no repeated field`);
    // Parquet's backward-compatibility rules: when is the repeated field itself the element?
    const repIsElement = !isGroup(rep) || rep.children.length > 1 || rep.name === 'array' || rep.name === `${n.name}_tuple`;
    const element = repIsElement ? rep : rep.children[0];
    if (!element) throw new FloeError('STORE_CORRUPT', `${what}: list ${n.name} has no element`);
    return { name: n.name, ...id, type: { kind: 'list', element: fieldOf(element, what) } };
  }
  if (n.converted === CONVERTED_MAP || n.converted === CONVERTED_MAP_KEY_VALUE || n.logical === LOGICAL_MAP) {
    const kv = n.children[0];
    const [key, value] = kv?.children ?? [];
    if (n.children.length !== 1 || !key || !value) throw new FloeError('STORE_CORRUPT', `${what}: map ${n.name} lacks its key or value`);
    return { name: n.name, ...id, type: { kind: 'map', key: fieldOf(key, what), value: fieldOf(value, what) } };
  }
  return { name: n.name, ...id, type: { kind: 'struct', fields: n.children.map((c) => childOf(c, what)) } };
}

/** A struct member: an unannotated repeated field is a list of itself (as DuckDB reads it). */
function childOf(n: Node, what: string): FileField {
  if (!n.repeated) return fieldOf(n, what);
  return { name: n.name, ...(n.fieldId === undefined ? {} : { id: n.fieldId }), type: { kind: 'list', element: fieldOf({ ...n, fieldId: undefined }, what) } };
}

/** The top-level fields of a Parquet footer (the bytes between the data and the trailing length and magic). */
export function parseFooterSchema(footer: Uint8Array, what: string): FileField[] {
  return toTree(readElements(footer, what), what).children.map((c) => childOf(c, what));
}

const cache = new Map<string, { stamp: string; fields: FileField[] }>();
const CACHE_MAX = 4096;

/**
 * The schema of the Parquet file at a local path, read from its footer (cached while the file is unchanged).
 * Errors name the file as `name` (its Iceberg path, where the local path is a cached copy).
 */
export async function readParquetFields(path: string, name = path): Promise<FileField[]> {
  const what = `Parquet file ${name}`;
  const fh = await open(path, 'r');
  try {
    const { size, mtimeMs } = await fh.stat();
    const stamp = `${size}:${mtimeMs}`;
    const hit = cache.get(path);
    if (hit?.stamp === stamp) return hit.fields;
    if (size < 12) throw new FloeError('STORE_CORRUPT', `${what} is too short to be Parquet (${size} bytes)`);
    const tail = Buffer.alloc(8);
    await fh.read(tail, 0, 8, size - 8);
    const magic = tail.toString('latin1', 4);
    if (magic === 'PARE') throw new FloeError('UNSUPPORTED', `${what} has an encrypted footer, which Floe cannot read`);
    if (magic !== 'PAR1') throw new FloeError('STORE_CORRUPT', `${what} does not end with Parquet's magic bytes`);
    const len = tail.readUInt32LE(0);
    if (len > size - 12) throw new FloeError('STORE_CORRUPT', `${what}: its footer length (${len}) exceeds the file`);
    const footer = Buffer.alloc(len);
    await fh.read(footer, 0, len, size - 8 - len);
    const fields = parseFooterSchema(footer, what);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(path, { stamp, fields });
    return fields;
  } finally {
    await fh.close();
  }
}
