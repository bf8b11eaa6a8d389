import type { BrowseRecord, TopicDecoding } from '../../../shared/model/messages';
import type { MessagesService } from './messages-service';

const PAGE = 5000;

/**
 * The newest `count` records of a topic (over all partitions), decoded as asked, oldest first per
 * partition. Reads directly, like the message viewer: no group, no commits.
 */
export async function readLastRecords(
  messages: MessagesService,
  input: { profileId: string; topic: string; count: number; decoding?: TopicDecoding },
  signal?: AbortSignal,
): Promise<BrowseRecord[]> {
  const records: BrowseRecord[] = [];
  let page = await messages.read(
    { profileId: input.profileId, topic: input.topic, start: { kind: 'latest', count: input.count }, limit: Math.min(input.count, PAGE), decoding: input.decoding },
    signal,
  );
  records.push(...page.records);
  while (page.next && records.length < input.count && page.records.length > 0) {
    signal?.throwIfAborted();
    page = await messages.read(
      { profileId: input.profileId, topic: input.topic, start: { kind: 'after', positions: page.next }, limit: Math.min(input.count - records.length, PAGE), decoding: input.decoding },
      signal,
    );
    records.push(...page.records);
  }
  return records.slice(0, input.count);
}

/** Raw bytes of both parts, as hex (to be read by another decoder). */
export const RAW_DECODING: TopicDecoding = { key: { format: 'hex' }, value: { format: 'hex' } };
