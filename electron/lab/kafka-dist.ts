import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from './prerequisites';
import { run } from './run';

export const KAFKA_VERSION = '4.3.1';
const LOG4J_VERSION = '2.24.3';
// Kafka's POM pins slf4j-api 1.7, which cannot see log4j-slf4j2-impl: pin the 2.x API the binding needs.
const SLF4J_VERSION = '2.0.16';

const dep = (group: string, artifact: string, version: string) =>
  `    <dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`;

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>floe.lab</groupId><artifactId>kafka-lab</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
${dep('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION)}
${dep('org.apache.logging.log4j', 'log4j-slf4j2-impl', LOG4J_VERSION)}
${dep('org.slf4j', 'slf4j-api', SLF4J_VERSION)}
  </dependencies>
</project>
`;

/** The broker's jars, resolved once with Maven into <cache>/kafka-4.3.1/libs. Returns that folder. */
export async function ensureKafkaDist(cache: string, progress: (line: string) => void, signal?: AbortSignal): Promise<string> {
  const root = join(cache, `kafka-${KAFKA_VERSION}`);
  const libs = join(root, 'libs');
  const marker = join(root, 'complete');
  if (existsSync(marker) && existsSync(libs)) return libs;
  requireTool('mvn');
  progress(`Resolving Kafka ${KAFKA_VERSION} jars with Maven (once; cached in ${root})`);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'pom.xml'), POM);
  const staging = join(root, `libs.tmp-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  await run('Maven (resolving the Kafka jars)', 'mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`], {
    cwd: root,
    signal,
    timeoutMs: 15 * 60_000,
  });
  if (!readdirSync(staging).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) throw new Error(`Maven finished but no kafka_2.13-${KAFKA_VERSION} jar in ${staging}`);
  rmSync(libs, { recursive: true, force: true });
  try {
    renameSync(staging, libs);
  } catch (error) {
    // Another lab start won the race: its copy is as good as ours.
    if (!existsSync(libs)) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return libs;
}
