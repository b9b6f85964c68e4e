#!/usr/bin/env bash
# Overhead of the Flyway plugin: wall time of `migrate` of many small migrations (default 200) on
# an embedded PostgreSQL, each run on a fresh database: plain Flyway (pg-safety not on its class
# path), the plugin switched off, the plugin on. Prints medians and best runs. Run from the
# repository root:
#   bench/flyway-migrate.sh [migrations] [rounds] [warm-up rounds]
# Extra Maven arguments go in MVN_ARGS (e.g. MVN_ARGS="clean -Pflyway-11" for Flyway 11);
# BENCH_JVM_ARGS go to each cold run's JVM ({run} names it), e.g. a profiler:
#   BENCH_JVM_ARGS='-XX:StartFlightRecording=filename=/tmp/{run}.jfr' bench/flyway-migrate.sh
# BENCH_CLI=1 also times the whole `flyway migrate` process of the Flyway command line that
# flyway-acceptance lays out (the newest line on Maven Central), with and without the drop-in jar.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086
mvn -B -ntp -q ${MVN_ARGS:-} -pl flyway-callback -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
cli=""
if [ -n "${BENCH_CLI:-}" ]; then
    # shellcheck disable=SC2086
    # skipITs=false lays the install out as for the acceptance tests, which -DskipTests skips.
    mvn -B -ntp -q ${MVN_ARGS:-} -pl flyway-acceptance -am verify -DskipTests -DskipITs=false
    cli="$PWD/flyway-acceptance/target/flyway-cli"
fi
java -Dbench.flywayCli="$cli" -Dbench.jvmArgs="${BENCH_JVM_ARGS:-}" -cp "flyway-callback/target/test-classes:flyway-callback/target/classes:$(cat flyway-callback/target/bench.cp)" \
    io.pgsafety.flyway.FlywayMigrateBenchmark "${1:-200}" "${2:-5}" "${3:-3}" 2>&1 \
    | grep -v '^SLF4J'
