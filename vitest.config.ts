import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A fixed non-UTC zone: the hall's day must not depend on the machine's.
    env: { TZ: 'America/New_York' },
    // Two cores: a couple of files at a time, each with its own database.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
