import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { systemClock } from '../../server/domain/clock';
import { simulateHistory } from '../../server/simulator/run';
import { AppProcess } from './support/app-process';

// An app and database of its own: the simulator writes weeks of history for the demo halls
// before the app starts, so the page shows the same picture whatever other specs do.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/leader-history';

let app: AppProcess;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  app = await AppProcess.create();
  // The first start seeds the demo halls; the simulator then writes on the stopped app's database.
  await app.start();
  await app.stop();
  await app.withDatabase((db) => simulateHistory(db, { days: 45, seed: 'e2e', scale: 1, clock: systemClock }));
  await app.start();
});

test.afterAll(async () => {
  await app.dispose();
});

test('历史数据: a leader sees charts of simulated history, breaks it down by counter and downloads the CSV', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${app.url}/leader/history`);
  await page.getByTestId('login-username').fill('leader');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('history-page')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('海口市琼山区政务服务中心');
  for (const chart of ['chart-volumes', 'chart-times', 'chart-satisfaction']) {
    await expect(page.getByTestId(chart).locator('.recharts-surface').first()).toBeVisible();
  }
  // Working days of the last 30 have bars; the table lists them.
  await expect(page.getByTestId('chart-volumes').locator('.recharts-bar-rectangle').first()).toBeVisible();
  expect(await page.getByTestId('history-table').locator('tbody tr').count()).toBeGreaterThan(15);
  await page.screenshot({ path: `${shots}/history-1440x900.png` });

  await page.getByTestId('history-by').selectOption('counter');
  await expect(page.getByTestId('chart-breakdown').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('history-table')).toContainText('1号综合窗口');
  await page.getByTestId('history-group-by').selectOption('week');
  // By week: every row's period is a Monday (ISO weeks).
  await expect(async () => {
    const periods = await page.getByTestId('history-table').locator('tbody tr td:first-child').allTextContents();
    expect(periods.length).toBeGreaterThan(0);
    for (const p of periods) expect(new Date(`${p}T00:00:00Z`).getUTCDay(), p).toBe(1);
  }).toPass();
  await page.screenshot({ path: `${shots}/history-by-counter-1440x900.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^history-qiongshan-.*-week-counter\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toMatch(/^周期开始,名称,取号数,叫号数,办结数/);
  expect(text).toContain('1号综合窗口');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('history-by').selectOption('hall');
  await expect(page.getByTestId('history-table')).not.toContainText('1号综合窗口');
  await page.screenshot({ path: `${shots}/history-1920x1080.png` });
  await expect(page.getByRole('link', { name: /返回数据大屏/ })).toHaveAttribute('href', '/leader');

  // Every column fits a 1440 px desktop: the table is not wider than its frame.
  await page.setViewportSize({ width: 1440, height: 900 });
  const widths = await page.getByTestId('history-table').evaluate((table) => ({ table: table.scrollWidth, frame: table.parentElement?.clientWidth ?? 0 }));
  expect(widths.table).toBeLessThanOrEqual(widths.frame);
  // A range of one day with visits: each line is one point, drawn as a dot (an SVG circle),
  // not an empty chart.
  await page.getByTestId('history-group-by').selectOption('day');
  await expect(page.getByTestId('history-table').locator('tbody tr')).not.toHaveCount(0);
  // The newest day with served and rated visits: today's row can be empty yet (early morning,
  // or the simulator's day not begun), and an empty day draws no dots.
  const rows = await page.getByTestId('history-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')),
  );
  const busyDay = rows.find((cells) => Number(cells[3]) > 0 && Number(cells[10]) > 0)?.[0] ?? '';
  expect(busyDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByTestId('history-to').fill(busyDay);
  await page.getByTestId('history-from').fill(busyDay);
  await expect(page.getByTestId('history-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('history-table').locator('tbody tr td:first-child')).toHaveText(busyDay);
  for (const chart of ['chart-times', 'chart-satisfaction']) {
    const dots = page.getByTestId(chart).locator('circle.recharts-dot');
    await expect(dots.first()).toBeVisible();
    expect(await dots.count(), chart).toBeGreaterThanOrEqual(2);
  }
  await page.screenshot({ path: `${shots}/history-single-day-dots-1440x900.png`, fullPage: true });

  // A range the server would refuse is said on the page, not silently ignored.
  const to = await page.getByTestId('history-to').inputValue();
  const [y, m, d] = to.split('-').map(Number);
  const later = new Date(Date.UTC(y ?? 2026, (m ?? 1) - 1, (d ?? 1) + 5)).toISOString().slice(0, 10);
  await page.getByTestId('history-from').fill(later);
  await expect(page.getByTestId('history-range-error')).toContainText('开始日期不能晚于结束日期');
  await expect(page.getByTestId('history-csv')).toHaveCount(0);
  // Back to a range the server accepts: the error goes.
  await page.getByTestId('history-from').fill(to);
  await expect(page.getByTestId('history-range-error')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/history-one-day-1440x900.png`, fullPage: true });
  await context.close();
});
