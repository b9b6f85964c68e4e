#!/usr/bin/env bash
# Benchmarks of the test kit (safety-test). Prints figures; run from the repository root:
#   bench/test-kit.sh [major-version]      (SAFETY_CORPUS: the corpus folder, default ../shared/corpus)
# A test database copied from a seeded template against one built by migrating for each test.
set -euo pipefail
cd "$(dirname "$0")/.."
# In one reactor build, so that the class path names safety-core's fresh classes.
mvn -B -ntp -q -pl safety-test -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -Dsafety.test.pg-binaries=safety-test/target/pg-binaries -Dsafety.corpus="${SAFETY_CORPUS:-../shared/corpus}" \
    -cp "safety-test/target/test-classes:safety-test/target/classes:$(cat safety-test/target/bench.classpath)" \
    io.pgsafety.test.TemplateCopyBenchmark "${1:-16}"
