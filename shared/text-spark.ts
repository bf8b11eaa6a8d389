/** Counts as a one-line bar chart of block characters (a timeline in a table cell or a terminal). */
export function textSpark(counts: number[]): string {
  const levels = ' ▁▂▃▄▅▆▇█';
  const max = Math.max(1, ...counts);
  return counts.map((c) => levels[c === 0 ? 0 : Math.max(1, Math.round((c / max) * 8))]).join('');
}

/** A Java class name without its package. */
export const shortClassName = (name: string | null | undefined) => (name ? name.slice(name.lastIndexOf('.') + 1) : '-');
