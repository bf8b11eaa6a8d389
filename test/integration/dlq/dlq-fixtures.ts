// A dead-letter topic written by the lab's Kafka Connect itself: a FileStreamSink fed good records and
// poison of known causes (converter and Cast stages, one cause with an Avro value from the registry), so
// tests can check triage and replay against exactly what was injected.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectRest} from '../connect-fixtures';
import { createTopics, feed, fileSinkWithDlq, readTopic, type ConnectLab, type FeedRecord } from '../connect-fixtures';
import type { startCore } from '../core-session';
import { pythonProduce } from '../python-kafka';

export const ORDER_SCHEMA = JSON.stringify({ type: 'record', name: 'Order', namespace: 'floe.test', fields: [{ name: 'id', type: 'long' }, { name: 'amount', type: 'double' }] });

/** One injected cause: how the records look, and how Floe should label the group. */
export interface InjectedCause {
  name: string;
  stage: 'VALUE_CONVERTER' | 'TRANSFORMATION';
  /** Matched against the group's root cause, else its message template. */
  cause: RegExp;
  records: FeedRecord[];
}

export function injectedCauses(): InjectedCause[] {
  const p = (i: number) => i % 2; // spread over both source partitions
  return [
    {
      name: 'unterminated JSON',
      stage: 'VALUE_CONVERTER',
      cause: /JsonEOFException: Unexpected end-of-input/,
      records: [1, 2, 3, 4, 5].map((i) => ({ key: `eof-${i}`, value: `{"id": ${i}, "amount": ${i}.5`, partition: p(i) })),
    },
    {
      name: 'not JSON',
      stage: 'VALUE_CONVERTER',
      cause: /JsonParseException: Unrecognized token '…'/,
      records: ['nope', 'bogus', 'garbage'].map((w, i) => ({ key: `token-${i}`, value: `${w} ${i}`, partition: p(i) })),
    },
    {
      name: 'amount not a number',
      stage: 'TRANSFORMATION',
      cause: /NumberFormatException: For input string: "…"/,
      records: ['twelve', 'eleven', 'ten', 'nine'].map((w, i) => ({ key: `word-${i}`, value: `{"id": ${20 + i}, "amount": "${w}"}`, partition: p(i) })),
    },
    {
      name: 'amount is an object',
      stage: 'TRANSFORMATION',
      cause: /^Cast transformation does not support casting from MAP/,
      records: [1, 2].map((i) => ({ key: `map-${i}`, value: `{"id": ${30 + i}, "amount": {"value": ${i}}}`, partition: p(i) })),
    },
    {
      name: 'not an object',
      stage: 'TRANSFORMATION',
      cause: /^Only Map objects supported in absence of schema/,
      records: [42, 7].map((n, i) => ({ key: `num-${i}`, value: String(n), partition: p(i) })),
    },
  ];
}

export const GOOD: FeedRecord[] = [0, 1, 2, 3].map((i) => ({ key: `good-${i}`, value: `{"id": ${100 + i}, "amount": "${i}.25"}`, partition: i % 2 }));

export interface ConnectDlq {
  source: string;
  dlq: string;
  connector: string;
  causes: InjectedCause[];
  /** Source partition and offset of every poison record, by key. */
  sourceOffsets: Map<string, { partition: number; offset: number }>;
  /** Keys of the Avro records (a converter failure whose value the registry's schema decodes). */
  avroKeys: string[];
  total: number;
}

/**
 * Creates source topic (2 partitions) and connector, feeds good and poison records (plus two Avro values, which
 * JsonConverter refuses), and waits until Connect has written every dead letter.
 */
export async function makeConnectDlq(lab: ConnectLab, rest: ConnectRest, core: ReturnType<typeof startCore>, suffix: string): Promise<ConnectDlq> {
  const source = `payments-${suffix}`;
  const dlq = `dlq-${suffix}`;
  const connector = `dlq-sink-${suffix}`;
  const causes = injectedCauses();
  await createTopics(lab, [{ topic: source, partitions: 2 }]);
  await rest.put(connector, fileSinkWithDlq({ source, dlq, file: join(mkdtempSync(join(tmpdir(), 'floe-dlq-')), 'sink.txt') }));
  await rest.waitRunning(connector);
  // Interleave good and poison records; offsets follow the order within each partition.
  const ordered: FeedRecord[] = [];
  const poison = causes.flatMap((c) => c.records);
  for (let i = 0; i < Math.max(poison.length, GOOD.length); i++) ordered.push(...[GOOD[i], poison[i]].filter((r): r is FeedRecord => r !== undefined));
  await feed(lab, source, ordered);
  const sourceOffsets = new Map<string, { partition: number; offset: number }>();
  const next = [0, 0];
  for (const r of ordered) sourceOffsets.set(String(r.key), { partition: r.partition!, offset: next[r.partition!]!++ });
  const avro = pythonProduce(lab, source, [0, 1].map((i) => ({ partition: 0, key: `avro-${i}`, value: { id: 900 + i, amount: i + 0.5 }, format: 'avro' as const })), { schemas: { avro: ORDER_SCHEMA } });
  const avroKeys = ['avro-0', 'avro-1'];
  avro.forEach(([partition, offset], i) => sourceOffsets.set(avroKeys[i]!, { partition, offset }));
  const total = poison.length + avroKeys.length;
  await readTopic(core, dlq, { atLeast: total, timeoutMs: 90_000 });
  return { source, dlq, connector, causes, sourceOffsets, avroKeys, total };
}
