import { dirname } from 'node:path';
import { KAFKA_VERSION, LOG4J_VERSION } from './kafka-dist';
import { ensureMavenJars, pomDependency as dep, pomProject, type MavenJars } from './maven-jars';
import { APICURIO_VERSION } from './registry-dist';

export const ICEBERG_SINK_VERSION = '1.10.1';
export const DEBEZIUM_VERSION = '3.6.1.Final';

// The worker: Connect of the broker's own version. Kafka 4.3 still declares slf4j-api 1.7, so the
// log4j binding is the SLF4J 1.x one (with log4j-slf4j2-impl every line would go to NOP).
const WORKER: MavenJars = {
  name: `kafka-connect-${KAFKA_VERSION}`,
  what: `Kafka Connect ${KAFKA_VERSION} jars`,
  expect: `connect-runtime-${KAFKA_VERSION}`,
  pom: pomProject('kafka-connect-lab', [
    ...['connect-runtime', 'connect-json', 'connect-file', 'connect-transforms', 'connect-basic-auth-extension'].map((a) => dep('org.apache.kafka', a, KAFKA_VERSION)),
    dep('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION),
    dep('org.apache.logging.log4j', 'log4j-core', LOG4J_VERSION),
  ]),
};

const noSlf4j: [string, string][] = [['org.slf4j', '*']];

// The Iceberg sink's POM brings neither iceberg-parquet nor Hadoop (upstream's runtime zip adds
// them; that zip is not a Maven artifact). JdbcCatalog uses HadoopFileIO and Parquet's writer needs
// Hadoop's Configuration. sqlite-jdbc is the JDBC catalog's driver (pyiceberg's SqlCatalog layout).
// The worker provides slf4j; the sink's Kafka dependencies are compile-only upstream. Apicurio's
// AvroConverter (Confluent's is not on Maven Central) reads the registry's Confluent wire format
// (`apicurio.registry.as-confluent`); it sits in the sink's folder, whose loader the sink's converters
// come from, declared after Iceberg so Iceberg's Avro and Jackson versions win. Its JSON Schema and
// Protobuf serdes are left out (one of their dependencies is not on Maven Central). Its jar has no
// ServiceLoader manifest, so the worker is given one.
const ICEBERG_SINK: MavenJars = {
  name: `connect-plugin-iceberg-${ICEBERG_SINK_VERSION}-avro`,
  what: `the Iceberg Kafka Connect sink ${ICEBERG_SINK_VERSION}`,
  folder: 'plugins/iceberg-kafka-connect',
  expect: `iceberg-kafka-connect-${ICEBERG_SINK_VERSION}`,
  pom: pomProject('iceberg-sink-plugin', [
    dep('org.apache.iceberg', 'iceberg-kafka-connect', ICEBERG_SINK_VERSION, noSlf4j),
    dep('org.apache.iceberg', 'iceberg-parquet', ICEBERG_SINK_VERSION, noSlf4j),
    dep('org.apache.hadoop', 'hadoop-client-api', '3.4.1'),
    dep('org.apache.hadoop', 'hadoop-client-runtime', '3.4.1', noSlf4j),
    dep('org.xerial', 'sqlite-jdbc', '3.50.3.0'),
    dep('io.apicurio', 'apicurio-registry-utils-converter', APICURIO_VERSION, [
      ['io.apicurio', 'apicurio-registry-serdes-jsonschema-serde'],
      ['io.apicurio', 'apicurio-registry-serdes-protobuf-serde'],
      ['org.apache.kafka', '*'],
      ...noSlf4j,
    ]),
  ]),
  services: { 'org.apache.kafka.connect.storage.Converter': ['io.apicurio.registry.utils.converter.AvroConverter'] },
};

// Debezium declares connect-api/kafka-clients 4.3.0 and the compression codecs: the worker provides them.
const DEBEZIUM_POSTGRES: MavenJars = {
  name: `connect-plugin-debezium-postgres-${DEBEZIUM_VERSION}`,
  what: `the Debezium PostgreSQL connector ${DEBEZIUM_VERSION}`,
  folder: 'plugins/debezium-connector-postgres',
  expect: `debezium-connector-postgres-${DEBEZIUM_VERSION}`,
  flags: ['-DexcludeGroupIds=org.apache.kafka', '-DexcludeArtifactIds=lz4-java,snappy-java,zstd-jni,slf4j-api'],
  pom: pomProject('debezium-postgres-plugin', [dep('io.debezium', 'debezium-connector-postgres', DEBEZIUM_VERSION)]),
};

export interface ConnectDist {
  /** The worker's classpath folder. */
  libs: string;
  /** plugin.path entries: each holds one plugin folder. */
  pluginPath: string[];
}

/** The worker's jars and its plugins (Iceberg sink, Debezium PostgreSQL), each resolved once and cached; in parallel. */
export async function ensureConnectDist(cache: string, progress: (line: string) => void, signal?: AbortSignal): Promise<ConnectDist> {
  const [libs, ...plugins] = await Promise.all([WORKER, ICEBERG_SINK, DEBEZIUM_POSTGRES].map((spec) => ensureMavenJars(cache, spec, progress, signal)));
  return { libs: libs as string, pluginPath: plugins.map((folder) => dirname(folder)) };
}
