#!/usr/bin/env bash
# Benchmarks for the analyzer and the lint CLI. Prints figures; run from the repository root:
#   bench/run.sh [corpus-dir]
# Needs the CLI jar (mvn -B -ntp -DskipTests package) and, for the comparison, npm (it installs
# squawk-cli, whose binary ships inside its npm package, into a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/pg-regress}
jar=safety-cli/target/safety-cli.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 2; }

echo "== in-process analyzer (one thread)"
mvn -B -ntp -q -pl safety-core test-compile
cp=$(mvn -B -ntp -q -pl safety-core dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Xmx2g -cp "safety-core/target/classes:safety-core/target/test-classes:$cp" \
    io.pgsafety.core.bench.AnalyzerBenchmark "$corpus" 50

squawk=${SQUAWK:-}
if [ -z "$squawk" ]; then
  sqdir=${TMPDIR:-/tmp}/pg-safety-squawk
  if [ ! -x "$sqdir/node_modules/.bin/squawk" ]; then
    npm install --silent --prefix "$sqdir" squawk-cli >/dev/null 2>&1 || true
  fi
  [ -x "$sqdir/node_modules/.bin/squawk" ] && squawk="$sqdir/node_modules/.bin/squawk"
fi

files=$(find "$corpus" -name '*.sql' | sort)
timing=$(mktemp)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # name, command...: prints median wall seconds and max RSS over 5 runs
  local name=$1; shift
  local times=() rss=0
  for _ in 1 2 3 4 5; do
    local out
    /usr/bin/time -o "$timing" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$timing")
    times+=("${out% *}"); local r=${out#* }; [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%-34s median %ss  peak RSS %d MB\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" $((rss / 1024))
}

echo "== whole process over $corpus ($(echo "$files" | wc -l) files)"
# shellcheck disable=SC2086
measure "safety lint --format json" java -jar "$jar" lint --format json $files
if [ -n "$squawk" ]; then
  echo "squawk: $("$squawk" --version 2>&1 | head -1)"
  # shellcheck disable=SC2086
  measure "squawk --reporter json" "$squawk" --reporter json $files
else
  echo "squawk not available (npm install squawk-cli failed); comparison skipped"
fi

echo "== start-up: a small SQL-only lint (Liquibase is never loaded)"
measure "safety lint examples/lint-demo/unsafe" java -jar "$jar" lint examples/lint-demo/unsafe
fineract=$(dirname "$corpus")/fineract-liquibase
if [ -d "$fineract" ]; then
  echo "== Liquibase changelogs: $fineract (contexts tenant_db,postgresql)"
  measure "safety lint --contexts ... (changelogs)" java -jar "$jar" lint --format json --contexts tenant_db,postgresql "$fineract"
fi

echo "== linear growth: the corpus twice"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" "$timing"' EXIT
i=0; for f in $files; do i=$((i+1)); cp "$f" "$tmp/a_$i.sql"; cp "$f" "$tmp/b_$i.sql"; done
measure "safety lint (1x)" java -jar "$jar" lint --format json $files
measure "safety lint (2x)" java -jar "$jar" lint --format json "$tmp"
