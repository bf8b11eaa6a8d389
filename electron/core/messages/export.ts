import { createWriteStream, type WriteStream } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import { stringifyExactJson } from '../../../shared/exact-json';
import type { BrowseRecord, ExportEvent, ExportRequest, ExportSummary } from '../../../shared/model/messages';
import type { MessagesService } from './messages-service';
import { CSV_HEADER, csvLine, csvRow, exportRow } from './export-format';

function write(stream: WriteStream, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve, reject) => {
    stream.once('drain', resolve);
    stream.once('error', reject);
  });
}

/** Streams records to a JSON Lines or CSV file as they are found; memory holds one batch. */
export async function exportRecords(messages: MessagesService, input: z.output<typeof ExportRequest>, emit: (e: ExportEvent) => void, signal: AbortSignal): Promise<ExportSummary> {
  if (!isAbsolute(input.path)) throw new FloeError('BAD_INPUT', `Export path must be absolute: ${input.path}`);
  const stream = createWriteStream(input.path, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e) => reject(new FloeError('BAD_INPUT', `Cannot write ${input.path}: ${e.message}`)));
  });
  let written = 0;
  const line = (r: BrowseRecord) => (input.format === 'jsonl' ? stringifyExactJson(exportRow(input.topic, r)) + '\n' : csvRow(input.topic, r));
  const put = async (records: BrowseRecord[]) => {
    for (const r of records) await write(stream, line(r));
    written += records.length;
  };
  try {
    if (input.format === 'csv') await write(stream, csvLine(CSV_HEADER));
    let search: ExportSummary['search'];
    if (input.select.kind === 'records') {
      for (const ref of input.select.records) {
        if (signal.aborted) break;
        const r = await messages.get({ profileId: input.profileId, topic: input.topic, partition: ref.partition, offset: ref.offset, decoding: input.decoding });
        await put([r]);
      }
    } else {
      const s = input.select;
      search = await messages.search(
        { profileId: input.profileId, topic: input.topic, partitions: s.partitions, range: s.range, filter: s.filter, text: s.text, undecodable: s.undecodable, maxMatches: s.maxMatches, stopOnError: false, view: 'full', decoding: input.decoding },
        { matches: put, progress: (p) => emit({ kind: 'progress', ...p }) },
        signal,
      );
    }
    await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { path: input.path, written, bytes: stream.bytesWritten, ...(search ? { search } : {}) };
  } catch (e) {
    stream.destroy();
    throw e;
  }
}
