import type { CompatibilityLevel, Finding } from '../../../../shared/model/schemas';
import type { ParsedSchema } from '../model/parsed-schema';
import { fill, sentence } from './problem';
import { readProblems } from './read-problems';

/** Which versions and which directions a level checks. */
export function levelPlan(level: CompatibilityLevel): { backward: boolean; forward: boolean; transitive: boolean } {
  return {
    backward: level.startsWith('BACKWARD') || level.startsWith('FULL'),
    forward: level.startsWith('FORWARD') || level.startsWith('FULL'),
    transitive: level.endsWith('_TRANSITIVE'),
  };
}

/**
 * Floe's own explanation of a draft against registered versions under a level: every reason the draft
 * cannot read a version's records (backward) or a version cannot read the draft's (forward), in plain
 * words naming both sides. `versions` are the ones the level compares against, oldest first.
 */
export function explainCompatibility(level: CompatibilityLevel, draft: ParsedSchema, versions: { version: number; schema: ParsedSchema }[]): Finding[] {
  const plan = levelPlan(level);
  const findings: Finding[] = [];
  for (const v of versions) {
    const name = `version ${v.version}`;
    if (plan.backward)
      for (const p of readProblems(draft, v.schema)) findings.push({ version: v.version, direction: 'backward', path: p.path, kind: p.kind, message: sentence(fill(p.message, 'the draft', name)) });
    if (plan.forward)
      for (const p of readProblems(v.schema, draft)) findings.push({ version: v.version, direction: 'forward', path: p.path, kind: p.kind, message: sentence(fill(p.message, name, 'the draft')) });
  }
  return findings;
}

/** The versions a level compares against: all for transitive levels, else the latest; none for NONE. */
export function comparedVersions(level: CompatibilityLevel, live: number[]): number[] {
  if (level === 'NONE' || live.length === 0) return [];
  return levelPlan(level).transitive ? live : [live[live.length - 1]!];
}
