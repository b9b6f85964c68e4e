#!/usr/bin/env bash
# Overhead of the Liquibase extension: `liquibase update` of 200 small changesets on embedded
# PostgreSQL, by a Liquibase install with and without safety-liquibase.jar. Prints medians and the
# ratio (target: at most 1.1x). Run from the repository root:
#   bench/liquibase-overhead.sh [rounds, default 5]
# Add -Dliquibase.version=4.33.0 to MAVEN_ARGS to measure Liquibase 4.33.
set -euo pipefail
cd "$(dirname "$0")/.."
# verify with -DskipTests builds the jar and writes liquibase-extension/target/classpath/*.classpath
mvn -B -ntp -q ${MAVEN_ARGS:-} -pl liquibase-extension -am verify -DskipTests
target=liquibase-extension/target
# BENCH_UPDATES_PER_JVM (default 3): updates per JVM; 1 measures cold runs alone.
# BENCH_BASELINE_JAR: an earlier build of safety-liquibase.jar to compare this build with, round by
# round, instead of Liquibase without the extension (copy the jar aside before changing the code).
# BENCH_JVM_ARGS go to each update JVM ({run} names it), e.g. a profiler:
#   BENCH_JVM_ARGS='-XX:StartFlightRecording=filename=/tmp/{run}.jfr' bench/liquibase-overhead.sh
java -Dbench.updatesPerJvm="${BENCH_UPDATES_PER_JVM:-3}" -Dbench.baselineJar="${BENCH_BASELINE_JAR:-}" \
    -Dbench.jvmArgs="${BENCH_JVM_ARGS:-}" -cp "$target/test-classes:$(cat "$target/classpath/test.classpath")" \
    io.pgsafety.liquibase.bench.UpdateOverheadBenchmark "$target" "${1:-5}"
