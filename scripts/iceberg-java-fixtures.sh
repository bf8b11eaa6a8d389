#!/usr/bin/env bash
# Builds (once) the Java Iceberg fixture writer in test/fixtures/lake/java with Maven, into a cache folder
# outside the repo, and prints the Java classpath to run it with on stdout (everything else goes to stderr):
#   java -cp "$(bash scripts/iceberg-java-fixtures.sh)" floe.fixtures.BuildDeletesTable OUT_DIR
# Idempotent: when the sources and pom are unchanged since the last build it returns at once.
# FLOE_MAVEN_REPO=<folder> uses that Maven local repository instead of ~/.m2/repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/test/fixtures/lake/java"
CACHE="${FLOE_CACHE_DIR:-$HOME/.cache/floe}"
OUT="$CACHE/iceberg-java-fixtures"
HASH="$(cd "$SRC" && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
STAMP="$OUT/.built-$HASH"
CP="$OUT/classes:$OUT/deps/*"

if [[ -f "$STAMP" ]]; then
  echo "$CP"
  exit 0
fi

command -v mvn >/dev/null || { echo "iceberg-java-fixtures: mvn is not installed (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "iceberg-java-fixtures: java is not installed (Java 17 or later)" >&2; exit 1; }
echo "iceberg-java-fixtures: building $SRC into $OUT" >&2
# Built in a folder of its own and moved into place, so a concurrent caller never sees a half-built one.
mkdir -p "$CACHE"
WORK="$(mktemp -d "$CACHE/iceberg-java-fixtures.build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
REPO_ARGS=()
[[ -n "${FLOE_MAVEN_REPO:-}" ]] && REPO_ARGS=("-Dmaven.repo.local=$FLOE_MAVEN_REPO")
started=$(date +%s)
mvn -B -q -f "$SRC/pom.xml" "${REPO_ARGS[@]}" "-Dfloe.out=$WORK" \
  compile dependency:copy-dependencies -DincludeScope=runtime "-DoutputDirectory=$WORK/deps" >&2
touch "$WORK/.built-$HASH"
rm -rf "$OUT"
mv "$WORK" "$OUT"
echo "iceberg-java-fixtures: built in $(( $(date +%s) - started )) s" >&2
echo "$CP"
