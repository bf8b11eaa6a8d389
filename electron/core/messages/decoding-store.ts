import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FloeError } from '../../../shared/errors';
import { TopicDecoding } from '../../../shared/model/messages';
import { writeFileAtomic } from '../util/atomic-write';

type Stored = Record<string, Record<string, TopicDecoding>>;

/** The per-topic key/value decoding choice, by profile, in decoding.json of Floe's data folder. */
export class DecodingStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'decoding.json');
  }

  get(profileId: string, topic: string): TopicDecoding {
    return this.read()[profileId]?.[topic] ?? TopicDecoding.parse({});
  }

  set(profileId: string, topic: string, decoding: TopicDecoding): TopicDecoding {
    const all = this.read();
    all[profileId] = { ...all[profileId], [topic]: decoding };
    writeFileAtomic(this.path, JSON.stringify(all, null, 2));
    return decoding;
  }

  private read(): Stored {
    if (!existsSync(this.path)) return {};
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Stored;
    } catch (e) {
      throw new FloeError('STORE_CORRUPT', `${this.path} cannot be read: ${(e as Error).message}`);
    }
  }
}
