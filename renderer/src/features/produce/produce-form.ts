import type { RecordDetail } from '../../../../shared/model/messages';
import type { ProduceHeader, ProducePart, ProduceRequest } from '../../../../shared/model/produce';
import { prettyPart } from '../messages/message-format';

export type Encoding = 'null' | 'string' | 'json' | 'hex' | 'base64' | 'schema';

export interface PartForm {
  encoding: Encoding;
  text: string;
  subject: string;
  version: string;
  /** Protobuf: the message type to encode as (the file's first when empty). */
  messageType: string;
}

/** A header as edited: any text (multi-line too), exact bytes as hex, or a null value. */
export interface HeaderForm {
  key: string;
  encoding: 'text' | 'hex' | 'null';
  text: string;
}

export interface ProduceForm {
  topic: string;
  partition: string;
  key: PartForm;
  value: PartForm;
  /** In order; keys may repeat. */
  headers: HeaderForm[];
  copies: string;
}

export const emptyHeader = (): HeaderForm => ({ key: '', encoding: 'text', text: '' });

export const emptyPart = (encoding: Encoding = 'string'): PartForm => ({ encoding, text: '', subject: '', version: '', messageType: '' });

export function emptyProduceForm(topic: string): ProduceForm {
  return { topic, partition: '', key: emptyPart(), value: emptyPart('json'), headers: [], copies: '1' };
}

/** A record's decoded key and value as an editable form: JSON where it decoded to a structure, text otherwise. */
export function formFromRecord(topic: string, d: RecordDetail): ProduceForm {
  const part = (p: RecordDetail['key'], raw: string | null): PartForm => {
    if (p.kind === 'null') return emptyPart('null');
    if (p.error) return { ...emptyPart('hex'), text: raw ?? '' };
    if (p.kind === 'string') return { ...emptyPart('string'), text: String(p.value) };
    if (p.kind === 'hex' || p.kind === 'base64') return { ...emptyPart(p.kind), text: String(p.value) };
    return { ...emptyPart('json'), text: prettyPart(p, 'json') };
  };
  return {
    topic,
    partition: String(d.partition),
    key: part(d.key, d.rawKeyHex),
    value: part(d.value, d.rawValueHex),
    // Exactly as received: text stays text (line breaks and all), other bytes as hex, null as null.
    headers: d.headers.map((h): HeaderForm => (h.value !== null ? { key: h.key, encoding: 'text', text: h.value } : h.hex !== undefined ? { key: h.key, encoding: 'hex', text: h.hex } : { key: h.key, encoding: 'null', text: '' })),
    copies: '1',
  };
}

function toPart(p: PartForm, which: string): ProducePart {
  if (p.encoding === 'null') return { encoding: 'null' };
  if (p.encoding === 'schema') {
    if (!p.subject.trim()) throw new Error(`${which}: choose the subject whose schema encodes it`);
    const version = p.version.trim() ? Number(p.version) : undefined;
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new Error(`${which}: version must be a whole number ≥ 1, or empty for the latest`);
    return { encoding: 'schema', subject: p.subject.trim(), ...(version ? { version } : {}), ...(p.messageType ? { messageType: p.messageType } : {}), text: p.text };
  }
  if (p.encoding === 'json') {
    try {
      JSON.parse(p.text);
    } catch (e) {
      throw new Error(`${which} is not valid JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  return { encoding: p.encoding, text: p.text };
}

function toHeader(h: HeaderForm, i: number): ProduceHeader {
  if (h.encoding === 'null') return { key: h.key, value: null };
  if (h.encoding === 'text') return { key: h.key, value: h.text };
  const hex = h.text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`Header ${i + 1} ("${h.key}"): hex must be pairs of hex digits`);
  return { key: h.key, hex: hex.toLowerCase() };
}

/** The form as a produce request; throws a message naming the field at fault. */
export function requestFromForm(profileId: string, f: ProduceForm): ProduceRequest {
  const partition = f.partition.trim() ? Number(f.partition) : undefined;
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) throw new Error('Partition must be a whole number ≥ 0, or empty for the partitioner');
  const copies = Number(f.copies);
  if (!Number.isInteger(copies) || copies < 1 || copies > 100_000) throw new Error('Copies must be between 1 and 100,000');
  const headers = f.headers.filter((h) => h.key || h.text || h.encoding !== 'text').map(toHeader);
  return { profileId, topic: f.topic.trim(), key: toPart(f.key, 'Key'), value: toPart(f.value, 'Value'), headers, copies, ...(partition !== undefined ? { partition } : {}) };
}
