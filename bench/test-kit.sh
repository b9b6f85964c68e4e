#!/usr/bin/env bash
# Benchmarks of the test kit (safety-test). Prints figures; run from the repository root:
#   bench/test-kit.sh [major-version]      (SAFETY_CORPUS: the corpus folder, default ../shared/corpus)
# A test database copied from a seeded template against one built by migrating for each test.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl safety-test -am test-compile
# safety-core's fresh classes first: the class path below names the artifact, not the reactor.
cp=$(mvn -B -ntp -q -pl safety-test dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Dsafety.test.pg-binaries=safety-test/target/pg-binaries -Dsafety.corpus="${SAFETY_CORPUS:-../shared/corpus}" \
    -cp "safety-test/target/test-classes:safety-test/target/classes:safety-core/target/classes:$cp" \
    io.pgsafety.test.TemplateCopyBenchmark "${1:-16}"
