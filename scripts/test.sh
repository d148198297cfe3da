#!/usr/bin/env bash
# `npm test`: everything a change can break, in tracks that run side by side on the
# machine's two cores (the browser tracks mostly wait on pages and sockets):
#   A. vitest: unit tests; every integration file on PostgreSQL; the files whose behaviour
#      depends on the driver (each says so on its first line) again on PGlite;
#   B. the pages' build (its TypeScript pass left to C), then every browser flow in Chromium on PGlite (the database a
#      newcomer's `npm start` gets) in two streams: the specs that share one app (one at a
#      time: they share its halls) beside the specs that start an app of their own; then the
#      call loop on PostgreSQL as a smoke test;
#   C. tsc over the whole project (server, pages, tests, scripts).
# Each phase's time is printed at the end, and a closing line counts every test.
# One layer alone: `npm run test:unit`, `test:integration` (HB_TEST_DB=pglite for PGlite),
# `test:e2e` (HB_TEST_DB picks the database, PostgreSQL by default).
set -uo pipefail
cd "$(dirname "$0")/.."
unset HB_TEST_DB
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs one phase: its output prefixed with its name, its time and exit code recorded.
phase() {
  local name=$1; shift
  local started=$(date +%s)
  "$@" 2>&1 | sed -u "s/^/[$name] /"
  local code=${PIPESTATUS[0]}
  echo "$name $(( $(date +%s) - started )) $code" >> "$out/phases"
  return "$code"
}

track_a() {
  phase vitest npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json"
}

track_b() {
  HB_BUILD_TYPECHECK=off phase build node scripts/start.mjs --build-only || return 1
  # Specs that start an app of their own say so by using AppProcess.
  local own shared
  own=$(grep -l 'AppProcess.create' tests/e2e/*.spec.ts | tr '\n' ' ')
  shared=$(grep -L 'AppProcess.create' tests/e2e/*.spec.ts | tr '\n' ' ')
  local code=0
  HB_TEST_DB=pglite PLAYWRIGHT_JSON_OUTPUT_NAME="$out/e2e-shared.json" \
    phase e2e-shared npx playwright test $shared --output=test-results/shared --reporter=list,json & local s=$!
  HB_TEST_DB=pglite HB_E2E_OWN_APPS=1 PLAYWRIGHT_JSON_OUTPUT_NAME="$out/e2e-own-apps.json" \
    phase e2e-own-apps npx playwright test $own --output=test-results/own-apps --reporter=list,json & local o=$!
  wait "$s" || code=1
  wait "$o" || code=1
  HB_TEST_DB=postgres PLAYWRIGHT_JSON_OUTPUT_NAME="$out/e2e-postgres.json" \
    phase e2e-postgres npx playwright test tests/e2e/call-loop.spec.ts --output=test-results/postgres --reporter=list,json || code=1
  return "$code"
}

track_a & a=$!
track_b & b=$!
phase typecheck npm run --silent typecheck & c=$!
status=0
wait "$a" || status=1
wait "$b" || status=1
wait "$c" || status=1

echo
echo "== npm test phases (seconds, exit code)"
sort -k2 -n -r "$out/phases" | awk '{ printf "  %-14s %5d s  exit %d\n", $1, $2, $3 }'
node scripts/test-summary.mjs "$out" || status=1
exit "$status"
