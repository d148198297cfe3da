import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Every integration file says on its first line which databases it needs and why:
 * `// Drivers: both.` (SQL, migrations, transactions or locking that each driver must get
 * right: run on PostgreSQL and again on PGlite), `// Drivers: each.` (the file opens both
 * itself, so it runs once) or `// Drivers: postgres.` (what it tests does not depend on the
 * driver, or needs parallel connections). A file without the line stops the run, so a new
 * file has to decide.
 */
const integrationDir = 'tests/integration';
const driverLine = /^\/\/ Drivers: (both|each|postgres)\. Why: .+/;

function integrationFiles(kind: 'both'): string[] {
  const files = readdirSync(integrationDir).filter((f) => f.endsWith('.test.ts'));
  const chosen: string[] = [];
  for (const file of files) {
    const first = readFileSync(path.join(integrationDir, file), 'utf8').split('\n', 1)[0] ?? '';
    const match = driverLine.exec(first);
    if (!match) {
      throw new Error(`${integrationDir}/${file}: the first line must say "// Drivers: both|each|postgres. Why: …"`);
    }
    if (match[1] === kind) chosen.push(`${integrationDir}/${file}`);
  }
  return chosen;
}

export default defineConfig({
  test: {
    // A fixed non-UTC zone: the hall's day must not depend on the machine's.
    env: { TZ: 'America/New_York' },
    // Two cores: a couple of files at a time, each with its own database.
    maxWorkers: 2,
    // The driver guard the server installs at start, installed in each worker too.
    setupFiles: ['tests/support/guard-driver.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        // Every integration file, on HB_TEST_DB (PostgreSQL unless it says pglite).
        extends: true,
        test: {
          name: 'integration',
          include: [`${integrationDir}/**/*.test.ts`],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The files whose behaviour depends on the driver, again on PGlite.
        extends: true,
        test: {
          name: 'integration-pglite',
          include: integrationFiles('both'),
          env: { TZ: 'America/New_York', HB_TEST_DB: 'pglite' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
