import { spawnSync } from 'node:child_process';
import { LabError } from './errors';

export type Tool = 'java' | 'keytool' | 'jar' | 'mvn' | 'go' | 'cargo';

const HINTS: Record<Tool, { what: string; apt: string; brew: string }> = {
  java: { what: 'a JDK 17+', apt: 'openjdk-17-jdk-headless', brew: 'openjdk@17' },
  keytool: { what: 'a JDK 17+ (keytool comes with it)', apt: 'openjdk-17-jdk-headless', brew: 'openjdk@17' },
  jar: { what: 'a JDK 17+ (jar comes with it)', apt: 'openjdk-17-jdk-headless', brew: 'openjdk@17' },
  mvn: { what: 'Apache Maven', apt: 'maven', brew: 'maven' },
  go: { what: 'Go 1.24+', apt: 'golang-go', brew: 'go' },
  cargo: { what: 'Rust (cargo)', apt: 'cargo', brew: 'rust' },
};

const VERSION_ARGS: Record<Tool, string[]> = { java: ['-version'], keytool: ['-help'], jar: ['--version'], mvn: ['-v'], go: ['version'], cargo: ['--version'] };

function hint(tool: Tool): string {
  const h = HINTS[tool];
  const how = process.platform === 'darwin' ? `brew install ${h.brew}` : `apt-get install ${h.apt}`;
  return `${tool} not found: install ${h.what} (${how})`;
}

const found = new Map<Tool, string>();

/** Runs the tool once to prove it is on PATH; returns its version banner. Throws MISSING_PREREQUISITE otherwise. */
export function requireTool(tool: Tool): string {
  const known = found.get(tool);
  if (known !== undefined) return known;
  const run = spawnSync(tool, VERSION_ARGS[tool], { encoding: 'utf8', timeout: 30_000 });
  if (run.error || (run.status !== 0 && tool !== 'keytool')) throw new LabError(hint(tool), 'MISSING_PREREQUISITE');
  const banner = `${run.stdout}${run.stderr}`;
  if (tool === 'java') {
    const major = Number(/version "(?:1\.)?(\d+)/.exec(banner)?.[1] ?? 0);
    if (major < 17) throw new LabError(`java ${major || '(unknown version)'} is too old: Kafka 4 needs ${HINTS.java.what} (${process.platform === 'darwin' ? 'brew install' : 'apt-get install'} ${process.platform === 'darwin' ? HINTS.java.brew : HINTS.java.apt})`, 'MISSING_PREREQUISITE');
  }
  found.set(tool, banner);
  return banner;
}
