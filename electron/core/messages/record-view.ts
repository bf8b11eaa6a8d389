import type { BrowseRecord, RecordDetail, RecordHeader } from '../../../shared/model/messages';
import { displayJson } from '../../../shared/exact-json';
import type { DecodedPart } from '../../../shared/model/record';
import type { RawHeader, RawRecord } from '../kafka/record-batch';
import type { RecordReaders } from './record-decoder';

/** Parts larger than this are not decoded into a page of the grid; `messages.get` shows them whole. */
export const PAGE_PART_LIMIT = 1 << 20;
const PREVIEW_CHARS = 200;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function headerView(h: RawHeader): RecordHeader {
  if (h.value === null) return { key: h.key, value: null };
  try {
    return { key: h.key, value: utf8.decode(h.value) };
  } catch {
    return { key: h.key, value: null, hex: h.value.toString('hex') };
  }
}

/** A part as one line of text: the string itself, or its value as exact JSON (the text a search looks in). */
export function partText(part: DecodedPart): string {
  if (part.kind === 'null') return '';
  return typeof part.value === 'string' ? part.value : (displayJson(part.value) ?? '');
}

export function preview(part: DecodedPart): string {
  if (part.kind === 'null') return '';
  const text = partText(part);
  const line = text.length > PREVIEW_CHARS * 2 ? text.slice(0, PREVIEW_CHARS * 2) : text;
  const flat = line.replace(/\s+/g, ' ');
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

function tooLarge(bytes: Buffer): DecodedPart {
  const mib = (bytes.length / (1 << 20)).toFixed(1);
  return { kind: 'hex', value: bytes.subarray(0, 256).toString('hex'), size: bytes.length, error: `${mib} MiB: too large for the list, open the record to see it decoded` };
}

export async function decodeParts(raw: RawRecord, readers: RecordReaders, limit = Infinity): Promise<{ key: DecodedPart; value: DecodedPart; truncated: boolean }> {
  const cut = (b: Buffer | null) => b !== null && b.length > limit;
  const truncated = cut(raw.key) || cut(raw.value);
  const [key, value] = await Promise.all([cut(raw.key) ? tooLarge(raw.key!) : readers.key(raw.key), cut(raw.value) ? tooLarge(raw.value!) : readers.value(raw.value)]);
  return { key, value, truncated };
}

export function browseRecord(partition: number, raw: RawRecord, key: DecodedPart, value: DecodedPart, truncated = false): BrowseRecord {
  const schemaId = value.wire?.schemaId ?? key.wire?.schemaId;
  return {
    partition,
    offset: raw.offset,
    timestamp: raw.timestamp,
    timestampType: raw.timestampType === 1 ? 'log-append' : 'create',
    key,
    value,
    headers: raw.headers.map(headerView),
    size: raw.size,
    keyPreview: preview(key),
    valuePreview: preview(value),
    ...(schemaId !== undefined ? { schemaId } : {}),
    ...(truncated ? { truncated } : {}),
  };
}

/**
 * A match as the grid shows it: the decoded key and value bodies left out (the previews, decode problems and wire
 * facts stay; the detail pane fetches the record whole). About half of what a match weighs in the renderer.
 */
export function gridRecord(r: BrowseRecord): BrowseRecord {
  return { ...r, key: withoutBody(r.key), value: withoutBody(r.value) };
}
/** A part without its decoded body (what the grid never reads). */
export const withoutBody = ({ value: _body, ...part }: DecodedPart): DecodedPart => part;

export async function recordDetail(partition: number, raw: RawRecord, readers: RecordReaders): Promise<RecordDetail> {
  const { key, value } = await decodeParts(raw, readers);
  return { ...browseRecord(partition, raw, key, value), rawKeyHex: raw.key?.toString('hex') ?? null, rawValueHex: raw.value?.toString('hex') ?? null };
}
