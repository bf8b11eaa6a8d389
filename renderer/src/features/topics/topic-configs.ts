/** "retention.ms=86400000" lines → a config map; throws naming the bad line. */
export function parseConfigLines(text: string): Record<string, string> {
  const configs: Record<string, string> = {};
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Config line ${i + 1} is not name=value: "${line.trim()}"`);
    configs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return configs;
}
