import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FloeError } from '../../../shared/errors';
import { DlqMapping } from '../../../shared/model/dlq';
import { writeFileAtomic } from '../util/atomic-write';

const Stored = z.record(z.string(), z.array(DlqMapping));

/** The user's dead-letter header mappings, per connection profile, in dlq-mappings.json of Floe's data folder. */
export class MappingStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'dlq-mappings.json');
  }

  get(profileId: string): DlqMapping[] {
    return this.read()[profileId] ?? [];
  }

  set(profileId: string, mappings: DlqMapping[]): DlqMapping[] {
    const names = new Set<string>();
    for (const m of mappings) {
      if (names.has(m.name)) throw new FloeError('BAD_INPUT', `Two mappings are named "${m.name}"`);
      names.add(m.name);
    }
    const all = this.read();
    if (mappings.length) all[profileId] = mappings;
    else delete all[profileId];
    writeFileAtomic(this.path, JSON.stringify(all, null, 2));
    return mappings;
  }

  private read(): z.infer<typeof Stored> {
    if (!existsSync(this.path)) return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (e) {
      throw new FloeError('STORE_CORRUPT', `${this.path} cannot be read: ${(e as Error).message}`);
    }
    const checked = Stored.safeParse(parsed);
    if (!checked.success) throw new FloeError('STORE_CORRUPT', `${this.path} does not hold dead-letter mappings: ${checked.error.issues[0]?.message ?? 'unexpected content'}`);
    return checked.data;
  }
}
