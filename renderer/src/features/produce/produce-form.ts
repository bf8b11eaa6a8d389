import type { RecordDetail } from '../../../../shared/model/messages';
import type { ProducePart, ProduceRequest } from '../../../../shared/model/produce';
import { prettyPart } from '../messages/message-format';

export type Encoding = 'null' | 'string' | 'json' | 'hex' | 'base64' | 'schema';

export interface PartForm {
  encoding: Encoding;
  text: string;
  subject: string;
  version: string;
}

export interface ProduceForm {
  topic: string;
  partition: string;
  key: PartForm;
  value: PartForm;
  /** One header a line: name=value (a line without "=" is a header with a null value). */
  headers: string;
  copies: string;
}

export const emptyPart = (encoding: Encoding = 'string'): PartForm => ({ encoding, text: '', subject: '', version: '' });

export function emptyProduceForm(topic: string): ProduceForm {
  return { topic, partition: '', key: emptyPart(), value: emptyPart('json'), headers: '', copies: '1' };
}

/** A record's decoded key and value as an editable form: JSON where it decoded to a structure, text otherwise. */
export function formFromRecord(topic: string, d: RecordDetail): ProduceForm {
  const part = (p: RecordDetail['key'], raw: string | null): PartForm => {
    if (p.kind === 'null') return emptyPart('null');
    if (p.error) return { ...emptyPart('hex'), text: raw ?? '' };
    if (p.kind === 'string') return { ...emptyPart('string'), text: String(p.value) };
    if (p.kind === 'hex' || p.kind === 'base64') return { ...emptyPart(p.kind), text: String(p.value) };
    return { ...emptyPart('json'), text: prettyPart(p) };
  };
  return {
    topic,
    partition: String(d.partition),
    key: part(d.key, d.rawKeyHex),
    value: part(d.value, d.rawValueHex),
    headers: d.headers.map((h) => (h.value === null ? h.key : `${h.key}=${h.value}`)).join('\n'),
    copies: '1',
  };
}

function toPart(p: PartForm, which: string): ProducePart {
  if (p.encoding === 'null') return { encoding: 'null' };
  if (p.encoding === 'schema') {
    if (!p.subject.trim()) throw new Error(`${which}: choose the subject whose schema encodes it`);
    const version = p.version.trim() ? Number(p.version) : undefined;
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new Error(`${which}: version must be a whole number ≥ 1, or empty for the latest`);
    return { encoding: 'schema', subject: p.subject.trim(), ...(version ? { version } : {}), text: p.text };
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

/** The form as a produce request; throws a message naming the field at fault. */
export function requestFromForm(profileId: string, f: ProduceForm): ProduceRequest {
  const partition = f.partition.trim() ? Number(f.partition) : undefined;
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) throw new Error('Partition must be a whole number ≥ 0, or empty for the partitioner');
  const copies = Number(f.copies);
  if (!Number.isInteger(copies) || copies < 1 || copies > 100_000) throw new Error('Copies must be between 1 and 100,000');
  const headers = f.headers
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? { key: l.trim(), value: null } : { key: l.slice(0, i).trim(), value: l.slice(i + 1) };
    });
  return { profileId, topic: f.topic.trim(), key: toPart(f.key, 'Key'), value: toPart(f.value, 'Value'), headers, copies, ...(partition !== undefined ? { partition } : {}) };
}
