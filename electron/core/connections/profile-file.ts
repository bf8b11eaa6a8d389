import { existsSync, readFileSync, renameSync } from 'node:fs';
import { ProfileFields, type Profile } from '../../../shared/model/profile';
import { writeFileAtomic } from '../util/atomic-write';

export interface ProfileFileContents {
  profiles: Profile[];
  /** Entries that do not validate: kept verbatim so a hand edit is never silently lost. */
  invalid: unknown[];
  problems: string[];
}

/**
 * profiles.json: `{ "version": 1, "profiles": [...] }`, no secrets in it. A file that is not JSON at all
 * is moved aside (never overwritten) and reported; entries that fail validation are reported and kept.
 */
export function readProfileFile(path: string, now = new Date()): ProfileFileContents {
  if (!existsSync(path)) return { profiles: [], invalid: [], problems: [] };
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return setAside(path, `is not valid JSON (${(e as Error).message})`, now);
  }
  const list = (parsed as { profiles?: unknown })?.profiles;
  if (!Array.isArray(list)) return setAside(path, 'has no "profiles" list', now);

  const out: ProfileFileContents = { profiles: [], invalid: [], problems: [] };
  list.forEach((entry: unknown, index) => {
    const e = entry as Partial<Profile> | null;
    const fields = ProfileFields.safeParse(entry);
    if (fields.success && typeof e?.id === 'string' && e.id) {
      out.profiles.push({ ...fields.data, id: e.id, createdAt: String(e.createdAt ?? ''), updatedAt: String(e.updatedAt ?? '') });
    } else {
      const label = typeof e?.name === 'string' ? `"${e.name}"` : `#${index + 1}`;
      const why = fields.success ? 'missing id' : fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      out.invalid.push(entry);
      out.problems.push(`Profile ${label} in ${path} is invalid and was skipped (kept in the file): ${why}`);
    }
  });
  return out;
}

export function writeProfileFile(path: string, profiles: Profile[], invalid: unknown[]): void {
  writeFileAtomic(path, JSON.stringify({ version: 1, profiles: [...profiles, ...invalid] }, null, 2) + '\n');
}

function setAside(path: string, why: string, now: Date): ProfileFileContents {
  const aside = `${path}.broken-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, aside);
  return { profiles: [], invalid: [], problems: [`${path} ${why}; it was moved to ${aside} so nothing is lost. Fix it and move it back, or recreate your profiles.`] };
}
