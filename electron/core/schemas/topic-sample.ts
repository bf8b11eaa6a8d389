import type { DecodedPart } from '../../../shared/model/record';
import type { SubjectUse, TopicSample, TopicSchemaUse } from '../../../shared/model/schemas';
import { readWireFrame } from '../decode/wire-format';
import { RAW_DECODING, readLastRecords } from '../messages/last-records';
import type { MessagesService } from '../messages/messages-service';
import type { RegistryApi } from '../registry/registry-api';

/**
 * The schema ids actually on a topic's newest records (keys and values) and where the registry has
 * each: this finds subjects that TopicNameStrategy does not name (RecordNameStrategy, shared subjects).
 */
export async function sampleTopic(
  messages: MessagesService,
  api: RegistryApi,
  input: { profileId: string; topic: string; last: number },
  signal?: AbortSignal,
): Promise<TopicSample> {
  const records = await readLastRecords(messages, { profileId: input.profileId, topic: input.topic, count: input.last, decoding: RAW_DECODING }, signal);
  const counts = new Map<string, { part: 'key' | 'value'; schemaId: number; records: number }>();
  let unframed = 0;
  for (const r of records) {
    let framed = false;
    for (const part of ['key', 'value'] as const) {
      const id = schemaIdOf(r[part]);
      if (id === null) continue;
      framed = true;
      const key = `${part}:${id}`;
      const entry = counts.get(key) ?? { part, schemaId: id, records: 0 };
      entry.records++;
      counts.set(key, entry);
    }
    if (!framed) unframed++;
  }
  const uses = new Map<number, SubjectUse[]>();
  for (const id of new Set([...counts.values()].map((c) => c.schemaId))) uses.set(id, await api.usesOf(id, signal).catch(() => []));
  const schemas: TopicSchemaUse[] = [...counts.values()]
    .sort((a, b) => (a.part === b.part ? b.records - a.records : a.part === 'value' ? -1 : 1))
    .map((c) => ({ ...c, uses: uses.get(c.schemaId) ?? [] }));
  return { topic: input.topic, scanned: records.length, unframed, schemas };
}

/** The wire-format schema id of a part read as hex, or null when it has no header. */
function schemaIdOf(part: DecodedPart): number | null {
  if (part.kind !== 'hex' || typeof part.value !== 'string' || part.value.length < 10 || !part.value.startsWith('00')) return null;
  const frame = readWireFrame(Buffer.from(part.value.slice(0, 10), 'hex'));
  return frame.ok ? frame.frame.schemaId : null;
}
