import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce, completeMarker, isComplete } from './build-once';
import { requireTool } from './prerequisites';
import { run } from './run';

// Apicurio Registry (Apache-2.0) serves the Confluent schema-registry API at /apis/ccompat/v7. It is
// built here from its published Maven artifacts as a Quarkus fast-jar. 2.4.2 is the newest release
// whose runtime is complete on the reachable Maven repository (3.x misses its schema-util modules).
export const APICURIO_VERSION = '2.4.2.Final';
const QUARKUS_VERSION = '2.16.4.Final';

// Apicurio's BOM is imported first: its pins (okio 3) must win over Quarkus's, or Protobuf schemas
// with imports fail. Two artifacts are swapped: the JSON Schema validator for its identical fork on
// Maven Central, and the config-index extension (no deployment artifact published) for DynamicConfig.java.
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>floe.lab</groupId><artifactId>schema-registry</artifactId><version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>io.apicurio</groupId><artifactId>apicurio-registry</artifactId><version>${APICURIO_VERSION}</version><type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>${QUARKUS_VERSION}</version><type>pom</type><scope>import</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.apicurio</groupId><artifactId>apicurio-registry-app</artifactId><version>${APICURIO_VERSION}</version>
      <exclusions>
        <exclusion><groupId>io.apicurio</groupId><artifactId>apicurio-common-app-components-config-index</artifactId></exclusion>
        <exclusion><groupId>com.github.everit-org.json-schema</groupId><artifactId>org.everit.json.schema</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency><groupId>com.github.erosb</groupId><artifactId>everit-json-schema</artifactId><version>1.14.2</version></dependency>
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.11.0</version></plugin>
    <plugin>
      <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.6.1</version>
      <executions><execution>
        <id>unpack-apicurio-app</id><phase>generate-resources</phase><goals><goal>unpack</goal></goals>
        <configuration><artifactItems><artifactItem>
          <groupId>io.apicurio</groupId><artifactId>apicurio-registry-app</artifactId><version>${APICURIO_VERSION}</version>
          <outputDirectory>\${project.build.outputDirectory}</outputDirectory>
        </artifactItem></artifactItems></configuration>
      </execution></executions>
    </plugin>
    <plugin>
      <groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>${QUARKUS_VERSION}</version>
      <executions><execution><goals><goal>build</goal></goals></execution></executions>
    </plugin>
  </plugins></build>
</project>
`;

const DYNAMIC_CONFIG_JAVA = `package floe.lab;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.ArrayList;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/** Stands in for the config-index extension: no runtime-editable settings, every property keeps its static value. */
public class DynamicConfig {
  @Produces
  @Singleton
  public DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(new ArrayList<>());
  }
}
`;

/** Builds the registry once into <cache>/apicurio-registry-<version>; returns its runnable jar. */
export async function ensureRegistryDist(cache: string, progress: (line: string) => void, signal?: AbortSignal): Promise<string> {
  const root = join(cache, `apicurio-registry-${APICURIO_VERSION}`);
  const jar = join(root, 'target', 'quarkus-app', 'quarkus-run.jar');
  await buildOnce(root, {
    what: `the schema registry (Apicurio ${APICURIO_VERSION})`,
    ready: () => isComplete(root, jar),
    progress,
    signal,
    build: async () => {
      requireTool('mvn');
      progress(`Building the schema registry (Apicurio ${APICURIO_VERSION}) with Maven (once; cached in ${root}; about a minute cold)`);
      rmSync(join(root, 'target'), { recursive: true, force: true });
      mkdirSync(join(root, 'src', 'main', 'java', 'floe', 'lab'), { recursive: true });
      writeFileSync(join(root, 'pom.xml'), POM);
      writeFileSync(join(root, 'src', 'main', 'java', 'floe', 'lab', 'DynamicConfig.java'), DYNAMIC_CONFIG_JAVA);
      // skipDefault/skipExternalRepos switch off the extra repositories Apicurio's parent POMs declare;
      // fast-jar must be a -D flag to beat Apicurio's own legacy-jar setting.
      await run('Maven (building the schema registry)', 'mvn', ['-q', '-B', '-DskipDefault', '-DskipExternalRepos', '-Dquarkus.package.type=fast-jar', 'package'], {
        cwd: root,
        signal,
        timeoutMs: 15 * 60_000,
      });
      if (!existsSync(jar)) throw new Error(`Maven finished but ${jar} is missing`);
      writeFileSync(completeMarker(root), `${new Date().toISOString()}\n`);
    },
  });
  return jar;
}
