import type { z } from 'zod';
import { FloeError } from '../../../../shared/errors';
import { parseExactJson } from '../../../../shared/exact-json';
import type { InferRequest, InferResult } from '../../../../shared/model/schema-infer';
import { RAW_DECODING, readLastRecords } from '../../messages/last-records';
import type { MessagesService } from '../../messages/messages-service';
import { avroSchemaOf, jsonSchemaOf } from './infer-schemas';
import { addValue, emptyShape } from './json-shape';

/** Infers a draft Avro or JSON Schema from the JSON records among a topic's newest ones. */
export async function inferFromTopic(messages: MessagesService, input: z.output<typeof InferRequest>, signal?: AbortSignal): Promise<InferResult> {
  const records = await readLastRecords(messages, { profileId: input.profileId, topic: input.topic, count: input.last, decoding: RAW_DECODING }, signal);
  const values: unknown[] = [];
  let nulls = 0;
  let framed = 0;
  const notJson: string[] = [];
  for (const r of records) {
    const p = r[input.part];
    if (p.kind === 'null') {
      nulls++;
      continue;
    }
    const bytes = Buffer.from(String(p.value), 'hex');
    if (bytes[0] === 0 && bytes.length >= 5) {
      framed++; // Confluent wire format: the schema is in the registry already
      continue;
    }
    try {
      values.push(parseExactJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    } catch (e) {
      notJson.push(`${r.partition}/${r.offset}: ${(e as Error).message}`);
    }
  }
  const notes: string[] = [];
  if (nulls) notes.push(`${nulls} record(s) with a null ${input.part} (tombstones) left out`);
  if (framed) notes.push(`${framed} record(s) carry a schema id (Confluent wire format): their schema is in the registry already, left out`);
  if (notJson.length) notes.push(`${notJson.length} record(s) are not JSON and were left out (first: ${notJson[0]})`);
  if (values.length === 0)
    throw new FloeError('BAD_INPUT', `No JSON ${input.part}s among the newest ${records.length} record(s) of ${input.topic} to infer a schema from${notes.length ? `: ${notes.join('; ')}` : ''}`);

  const shape = emptyShape();
  for (const v of values) addValue(shape, v);
  const dot = input.name.lastIndexOf('.');
  const schema =
    input.schemaType === 'JSON'
      ? jsonSchemaOf(shape)
      : avroSchemaOf(shape, dot < 0 ? input.name : input.name.slice(dot + 1), dot < 0 ? undefined : input.name.slice(0, dot), notes);
  return { schemaType: input.schemaType, schema: `${JSON.stringify(schema, null, 2)}\n`, read: records.length, used: values.length, notes };
}
