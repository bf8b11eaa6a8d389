import { ensureMavenJars, pomDependency, pomProject } from './maven-jars';

export const KAFKA_VERSION = '4.3.1';
export const LOG4J_VERSION = '2.24.3';
// Kafka's POM pins slf4j-api 1.7, which cannot see log4j-slf4j2-impl: pin the 2.x API the binding needs.
const SLF4J_VERSION = '2.0.16';

const POM = pomProject('kafka-lab', [
  pomDependency('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION),
  pomDependency('org.apache.logging.log4j', 'log4j-slf4j2-impl', LOG4J_VERSION),
  pomDependency('org.slf4j', 'slf4j-api', SLF4J_VERSION),
]);

/** The broker's jars, resolved once with Maven into <cache>/kafka-4.3.1/libs. Returns that folder. */
export function ensureKafkaDist(cache: string, progress: (line: string) => void, signal?: AbortSignal): Promise<string> {
  return ensureMavenJars(cache, { name: `kafka-${KAFKA_VERSION}`, what: `Kafka ${KAFKA_VERSION} jars`, pom: POM, expect: `kafka_2.13-${KAFKA_VERSION}` }, progress, signal);
}
