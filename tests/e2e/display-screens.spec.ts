import { type Browser, type Page, expect, test } from '@playwright/test';
import { CounterDesk, CounterStripScreen, HallApi, HallTv } from './pages/display';
import { AppProcess } from './support/app-process';
import { installSpeechStub } from './support/speech-stub';

/*
 * The screens compared with approved screenshots (tests/e2e/__screenshots__). They run
 * against an app and database of their own, brought to the same state every time, so
 * nothing another spec does in the shared demo hall can change a pixel. The clock, the
 * date and the times of the recent calls are masked; everything else must match.
 */

const hall = 'qiongshan';
let app: AppProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  app = await AppProcess.create();
  await app.start();
  const kiosk = new HallApi(await playwright.request.newContext({ baseURL: app.url }), hall);
  // Tickets in a fixed order, then calls at fixed counters: the numbers come out the same every run.
  for (const [prefix, count] of [['A', 3], ['C', 4], ['D', 3], ['E', 2], ['J', 2], ['K', 1], ['G', 1], ['B', 1]] as const) {
    for (let i = 0; i < count; i++) await kiosk.take(prefix);
  }
  for (const username of ['c07', 'c09', 'c02', 'c03', 'c10', 'c05', 'c04', 'c11']) {
    const desk = await CounterDesk.signIn(playwright, app.url, username);
    await desk.callNext();
    await desk.dispose();
  }
  const paused = await CounterDesk.signIn(playwright, app.url, 'c08');
  await paused.pause('业务培训，10:30 恢复');
  await paused.dispose();
  await kiosk.api.dispose();
});

test.afterAll(async () => {
  await app.dispose();
});

async function openTv(browser: Browser, width: number, height: number): Promise<{ tv: HallTv; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  await installSpeechStub(context);
  const tv = new HallTv(await context.newPage());
  await tv.open(hall, app.url);
  await tv.expectLatestCall('K001', 11);
  await expect(tv.counter(8)).toHaveAttribute('data-state', 'paused');
  return { tv, close: () => context.close() };
}

const tvShot = (tv: HallTv) => ({ maxDiffPixelRatio: 0.02, mask: [tv.clock, tv.recentTimes], timeout: 30_000 });

for (const [name, width, height] of [
  ['tv-1920x1080', 1920, 1080],
  ['tv-3840x2160', 3840, 2160],
  ['tv-portrait-1080x1920', 1080, 1920],
] as const) {
  test(`the hall TV at ${width}×${height} matches the approved screenshot`, async ({ browser }) => {
    const { tv, close } = await openTv(browser, width, height);
    try {
      await expect(tv.page).toHaveScreenshot(`${name}.png`, tvShot(tv));
    } finally {
      await close();
    }
  });
}

async function openStrip(browser: Browser, counter: number, width: number, height: number): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const strip = new CounterStripScreen(await context.newPage());
  await strip.open(hall, counter, app.url);
  return { page: strip.page, close: () => context.close() };
}

for (const [name, counter, width, height] of [
  ['strip-1280x320', 7, 1280, 320],
  ['strip-640x160', 7, 640, 160],
  ['strip-paused-1280x320', 8, 1280, 320],
  ['strip-paused-640x160', 8, 640, 160],
] as const) {
  test(`the counter strip ${name} matches the approved screenshot`, async ({ browser }) => {
    const { page, close } = await openStrip(browser, counter, width, height);
    try {
      await expect(page).toHaveScreenshot(`${name}.png`, { maxDiffPixelRatio: 0.02, timeout: 30_000 });
    } finally {
      await close();
    }
  });
}

/** Where an element sits, for the in-the-card checks. */
const boxOf = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, lineHeight: parseFloat(style.lineHeight), fontSize: parseFloat(style.fontSize) };
  });

test('a long pause reason reads whole lines inside its card, then an ellipsis, at 1920×1080 and in portrait', async ({ browser, playwright }) => {
  // Twenty characters: more than two lines of a landscape card, and more than one of a two-digit one.
  const reason = '系统升级维护中请稍候前往其他窗口办理谢谢';
  const desk = await CounterDesk.signIn(playwright, app.url, 'c12');
  await desk.ready();
  await desk.pause(reason);
  try {
    for (const [width, height] of [
      [1920, 1080],
      [1080, 1920],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      await installSpeechStub(context);
      const tv = new HallTv(await context.newPage());
      await tv.open(hall, app.url);
      await expect(tv.counter(12)).toHaveAttribute('data-state', 'paused');
      const card = await boxOf(tv.page, 'display-counter-12');
      const text = await boxOf(tv.page, 'display-counter-12-reason');
      await expect(tv.page.getByTestId('display-counter-12-reason')).toHaveText(reason);
      // Whole lines only: the clamp ends on a line, inside the card, never cut by its edge.
      expect(text.bottom, `${width}×${height}`).toBeLessThanOrEqual(card.bottom);
      expect(text.top).toBeGreaterThanOrEqual(card.top);
      // Two lines at least (three where the card is tall enough), each whole.
      const lines = text.height / text.lineHeight;
      expect(Math.abs(lines - Math.round(lines))).toBeLessThan(0.05);
      expect(lines).toBeGreaterThanOrEqual(2);
      expect(text.fontSize).toBeGreaterThanOrEqual(20);
      // 暂停服务 stays whole beside the two-digit number.
      const state = tv.counter(12).locator('.display-counter-state-line');
      await expect(state).toHaveText('暂停服务');
      expect(await state.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await tv.counter(12).screenshot({ path: `test-results/display-screens/paused-long-reason-${width}x${height}.png` });
      await context.close();
    }
  } finally {
    await desk.resume();
    await desk.dispose();
  }
});
