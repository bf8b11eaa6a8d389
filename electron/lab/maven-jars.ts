import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce, completeMarker, isComplete } from './build-once';
import { requireTool } from './prerequisites';
import { run } from './run';

export interface MavenJars {
  /** The cache entry: <cache>/<name>. */
  name: string;
  /** What the progress line calls it. */
  what: string;
  /** A `<packaging>pom</packaging>` project whose runtime dependencies are the jars. */
  pom: string;
  /** Where the jars go inside the entry (default `libs`). */
  folder?: string;
  /** Extra `dependency:copy-dependencies` flags (excludes). */
  flags?: string[];
  /** A jar file name prefix that must be among the results. */
  expect: string;
  /**
   * ServiceLoader entries (interface → classes) for classes whose jars lack them, written into one extra jar: the
   * worker discovers plugins by their manifests only (`plugin.discovery=service_load`).
   */
  services?: Record<string, string[]>;
}

export const pomDependency = (group: string, artifact: string, version: string, exclusions: [string, string][] = []) => {
  const excluded = exclusions.map(([g, a]) => `<exclusion><groupId>${g}</groupId><artifactId>${a}</artifactId></exclusion>`).join('');
  return `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version>${excluded ? `<exclusions>${excluded}</exclusions>` : ''}</dependency>`;
};

export const pomProject = (artifact: string, dependencies: string[]) => `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>floe.lab</groupId><artifactId>${artifact}</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${dependencies.join('\n')}
  </dependencies>
</project>
`;

/**
 * Runtime jars resolved once with Maven (`dependency:copy-dependencies`) into <cache>/<name>/<folder>;
 * returns that folder. `MAVEN_OPTS=-Dmaven.repo.local=<dir>` points Maven at another local repository.
 */
export async function ensureMavenJars(cache: string, spec: MavenJars, progress: (line: string) => void, signal?: AbortSignal): Promise<string> {
  const root = join(cache, spec.name);
  const jars = join(root, spec.folder ?? 'libs');
  await buildOnce(root, {
    what: spec.what,
    ready: () => isComplete(root, jars),
    progress,
    signal,
    build: async () => {
      requireTool('mvn');
      progress(`Resolving ${spec.what} with Maven (once; cached in ${root})`);
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'pom.xml'), spec.pom);
      const staging = join(root, `jars.tmp-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      await run(`Maven (resolving ${spec.what})`, 'mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`, ...(spec.flags ?? [])], {
        cwd: root,
        signal,
        timeoutMs: 15 * 60_000,
      });
      if (!readdirSync(staging).some((f) => f.startsWith(spec.expect))) throw new Error(`Maven finished but no ${spec.expect}*.jar in ${staging}`);
      if (spec.services) await writeServicesJar(join(staging, 'floe-lab-services.jar'), spec.services, signal);
      rmSync(jars, { recursive: true, force: true });
      mkdirSync(join(jars, '..'), { recursive: true });
      renameSync(staging, jars);
      writeFileSync(completeMarker(root), `${new Date().toISOString()}\n`);
    },
  });
  return jars;
}

async function writeServicesJar(jar: string, services: Record<string, string[]>, signal?: AbortSignal): Promise<void> {
  requireTool('jar');
  const dir = `${jar}.d`;
  mkdirSync(join(dir, 'META-INF', 'services'), { recursive: true });
  for (const [api, classes] of Object.entries(services)) writeFileSync(join(dir, 'META-INF', 'services', api), `${classes.join('\n')}\n`);
  await run('jar (service manifests)', 'jar', ['cf', jar, '-C', dir, 'META-INF'], { signal, timeoutMs: 60_000 });
  rmSync(dir, { recursive: true, force: true });
}
