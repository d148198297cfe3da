// Counts what `npm test` ran from the JSON reports of vitest and Playwright, and closes with
// the plain line "tests: N passed, N failed" (skipped tests are counted, and fail the run).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

const vitestFile = path.join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
} else missing.push('vitest');

for (const name of ['e2e-shared', 'e2e-own-apps', 'e2e-postgres']) {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    missing.push(name);
    continue;
  }
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected;
  skipped += stats.skipped;
  // A flaky test passed on a retry; the config allows none, so count it as a failure.
  failed += stats.flaky;
}

if (missing.length > 0) console.log(`no report from: ${missing.join(', ')} (the phase did not finish)`);
if (skipped > 0) console.log(`${skipped} skipped: no test may be left skipped`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || skipped > 0 || missing.length > 0 ? 1 : 0);
