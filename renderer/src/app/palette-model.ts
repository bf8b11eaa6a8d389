export interface PaletteItem {
  id: string;
  label: string;
  hint: string;
  run(): void;
}

/** Subsequence match, case-insensitive, spaces ignored; tighter and earlier matches rank higher. Null when it does not match. */
export function fuzzyScore(text: string, query: string): number | null {
  const t = text.toLowerCase();
  const q = query.toLowerCase().replace(/\s+/g, ''); // a space separates words the user typed, it need not match one
  if (!q) return 0;
  let score = 0;
  let from = 0;
  let last = -1;
  for (const ch of q) {
    const i = t.indexOf(ch, from);
    if (i < 0) return null;
    score += i === last + 1 ? 3 : 1;
    if (i === 0 || /[\s._\-/]/.test(t[i - 1] ?? '')) score += 2;
    last = i;
    from = i + 1;
  }
  return score - t.length / 100;
}

export function rank(items: PaletteItem[], query: string, max = 50): PaletteItem[] {
  return items
    .map((item) => ({ item, score: fuzzyScore(`${item.label} ${item.hint}`, query) }))
    .filter((x): x is { item: PaletteItem; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map((x) => x.item);
}
