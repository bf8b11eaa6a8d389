/** A byte count for people: "512 B", "1.5 KiB", "3.2 GiB"; `none` when unknown. */
export function formatBytes(n: number | null, none = '—'): string {
  if (n === null) return none;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
