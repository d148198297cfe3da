#!/usr/bin/env bash
# `npm test`: every test — unit, integration (services and HTTP on a real database,
# concurrency on real PostgreSQL) and the browser flows in Chromium.
# HB_TEST_DB=postgres (default) or pglite picks the database the suites run on.
set -euo pipefail
cd "$(dirname "$0")/.."
export HB_TEST_DB="${HB_TEST_DB:-postgres}"
echo "== unit and integration tests (database: $HB_TEST_DB)"
npx vitest run
echo "== end-to-end tests in Chromium (database: $HB_TEST_DB)"
npx playwright test
