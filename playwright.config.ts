import { defineConfig } from '@playwright/test';

const port = Number(process.env.HB_E2E_PORT ?? 3210);
/**
 * `HB_E2E_OWN_APPS=1`: the run holds only specs that start an app of their own
 * (tests/e2e/support/app-process.ts), so it needs no shared server; `npm test` runs them
 * beside the specs that share one, which never run two at a time (they share its halls).
 */
const ownAppsOnly = process.env.HB_E2E_OWN_APPS === '1';

/** Debian's Chromium: Playwright cannot download its own browsers on these machines. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  // Approved screenshots live beside the specs, one per name, whatever the platform.
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunch,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
  },
  webServer: ownAppsOnly
    ? []
    : {
        command: 'node tests/e2e/serve.mjs',
        url: `http://127.0.0.1:${port}/readyz`,
        // Every spec takes its numbers from this one address: the shared app runs without the 取号
        // rate limits, as a load test would; citizen-limits.spec.ts tests them on an app of its own.
        env: { PORT: String(port), HOST: '127.0.0.1', RATE_LIMITS: 'off' },
        reuseExistingServer: false,
        // Playwright's default stop is SIGKILL, which left the run's database behind; serve.mjs
        // drops it on SIGTERM once the app has drained.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
        timeout: 300_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
