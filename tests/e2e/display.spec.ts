import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { CounterDesk, CounterStripScreen, HallApi, HallTv, expectedAnnouncement } from './pages/display';
import { chimesOn, installSpeechStub, withoutOverlap } from './support/speech-stub';

/*
 * The hall TV and the counter strips against the run's shared demo hall. Other specs
 * use the same hall (call-loop.spec.ts works at counter 1), so these tests use counters
 * 2–5 only, take their tickets in services counter 1 does not serve (D, E, G, J) and
 * assert on the numbers the calls return, never on an empty queue.
 */

const hall = 'qiongshan';
const tvViewport = { width: 1920, height: 1080 };

test.describe.configure({ mode: 'serial' });

test('a call shows on the TV within 1 s and is spoken as the hall sentence, twice, after a chime', async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context);
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c02');
  try {
    const tv = new HallTv(await context.newPage());
    await tv.open(hall);
    // The tap a TV gets once: the browser lets the page play sound from then on.
    await tv.page.getByRole('heading', { level: 1 }).click();
    await desk.ready();
    await new HallApi(desk.api, hall).take('D');

    const number = await desk.callNext();
    await tv.expectLatestCall(number, 2, 1_000);
    await expect(tv.latestCounterName).toHaveText('综合窗口');

    const sentence = expectedAnnouncement(number, 2);
    expect(sentence).toMatch(/^请 [A-Z]( [零一二三四五六七八九]){3} 号到 2 号窗口办理$/);
    await expect.poll(() => tv.spokenTexts(), { timeout: 10_000 }).toEqual([sentence, sentence]);
    const spoken = await tv.spoken();
    expect(spoken.every((e) => e.lang === 'zh-CN')).toBe(true);
    expect(withoutOverlap(spoken)).toBe(true);
    // The chime comes first: its two notes were started before the first word.
    const chimes = await chimesOn(tv.page);
    expect(chimes).toHaveLength(2);
    expect(Math.max(...chimes)).toBeLessThanOrEqual(spoken[0]?.start ?? 0);
  } finally {
    await desk.dispose();
    await context.close();
  }
});

test('two calls in quick succession are both announced, in order, never overlapping; a recall is announced again', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context, { utteranceMs: 400 });
  const three = await CounterDesk.signIn(playwright, baseURL ?? '', 'c03');
  const four = await CounterDesk.signIn(playwright, baseURL ?? '', 'c04');
  try {
    const tv = new HallTv(await context.newPage());
    await tv.open(hall);
    await Promise.all([three.ready(), four.ready()]);
    const kiosk = new HallApi(three.api, hall);
    await kiosk.take('D');
    await kiosk.take('E');

    const first = await three.callNext();
    const second = await four.callNext();
    await tv.expectLatestCall(second, 4);
    const a = expectedAnnouncement(first, 3);
    const b = expectedAnnouncement(second, 4);
    await expect.poll(() => tv.spokenTexts(), { timeout: 15_000 }).toEqual([a, a, b, b]);

    expect(await three.recall()).toBe(first);
    await tv.expectLatestCall(first, 3);
    await expect.poll(() => tv.spokenTexts(), { timeout: 15_000 }).toEqual([a, a, b, b, a, a]);
    expect(withoutOverlap(await tv.spoken())).toBe(true);

    // The recent list shows each ticket once, at its latest call.
    const recent = tv.page.getByTestId('display-recent').locator('li');
    await expect(recent.first()).toContainText(first);
    await expect(recent.nth(1)).toContainText(second);
    await expect(recent.filter({ hasText: first })).toHaveCount(1);
  } finally {
    await Promise.all([three.dispose(), four.dispose()]);
    await context.close();
  }
});

test('the voice prompt is asked once per device; a TV without a Mandarin voice plays the chime only', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context, { voiceChoice: 'unset', voices: [{ name: 'English', lang: 'en-US' }] });
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c05');
  try {
    const page = await context.newPage();
    const tv = new HallTv(page);
    // addInitScript runs on every navigation: after the first load, leave the choice alone.
    await page.goto(`/display/${hall}`);
    await expect(tv.voicePrompt).toBeVisible();
    await expect(tv.voicePrompt).toContainText('点击开启语音播报');
    await page.getByTestId('voice-enable').click();
    await expect(tv.voicePrompt).toBeHidden();
    expect(await page.evaluate(() => localStorage.getItem('hallboard.display.voice'))).toBe('on');
    await expect(page.getByTestId('voice-on')).toBeVisible();
    await tv.expectLive();

    await desk.ready();
    await new HallApi(desk.api, hall).take('G');
    const chimesBefore = (await chimesOn(page)).length;
    const number = await desk.callNext();
    await tv.expectLatestCall(number, 5);
    await expect.poll(async () => (await chimesOn(page)).length).toBe(chimesBefore + 2);
    await page.waitForTimeout(1_500);
    expect(await tv.spokenTexts()).toEqual([]);
  } finally {
    await desk.dispose();
    await context.close();
  }

  // Another visit on the same device: the choice is remembered, no prompt.
  const again = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(again, { voiceChoice: 'on' });
  try {
    const tv = new HallTv(await again.newPage());
    await tv.open(hall);
    await expect(tv.page.getByTestId('voice-on')).toBeVisible();
    await expect(tv.voicePrompt).toBeHidden();
  } finally {
    await again.close();
  }
});

test('the TV shows each counter live: the number it serves, 暂停服务 with the reason, closed; waiting, notices and the clock', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context);
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c05');
  try {
    const tv = new HallTv(await context.newPage());
    await tv.open(hall);
    await desk.ready();
    const kiosk = new HallApi(desk.api, hall);
    const waitingBefore = Number((await tv.waiting('J').locator('.display-service-count').textContent())?.replace(/\D/g, ''));
    await kiosk.take('J');
    await expect(tv.waiting('J')).toContainText(`${waitingBefore + 1} 人`);

    const number = await desk.callNext();
    await expect(tv.counter(5)).toContainText(number);
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'serving');
    await desk.ready();
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'idle');
    await desk.pause('系统升级，稍后恢复');
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'paused');
    await expect(tv.counter(5)).toContainText('暂停服务');
    await expect(tv.counter(5)).toContainText('系统升级，稍后恢复');
    await desk.resume();
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'idle');
    expect((await desk.command('close')).status).toBe(200);
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'closed');
    await expect(tv.counter(5)).toContainText('未开放');
    await desk.ready();
    await expect(tv.counter(5)).toHaveAttribute('data-state', 'idle');
    await expect(tv.notices).toContainText('办不成事反映窗口');
    await expect(tv.clock).toContainText(/\d{2}:\d{2}:\d{2}/);
    await expect(tv.clock).toContainText(/\d{4}年\d{2}月\d{2}日 星期[日一二三四五六]/);
    await expect(tv.page.getByRole('heading', { level: 1 })).toHaveText('海口市琼山区政务服务中心');
  } finally {
    await desk.dispose();
    await context.close();
  }
});

test('a fixed screen: no scrollbars, the pointer hides when idle, tabular digits', async ({ browser }) => {
  for (const viewport of [tvViewport, { width: 1080, height: 1920 }, { width: 1280, height: 720 }]) {
    const context = await browser.newContext({ viewport });
    await installSpeechStub(context);
    try {
      const tv = new HallTv(await context.newPage());
      await tv.open(hall);
      const overflow = await tv.page.evaluate(() => ({
        scrollW: document.documentElement.scrollWidth,
        scrollH: document.documentElement.scrollHeight,
        w: window.innerWidth,
        h: window.innerHeight,
        numeric: getComputedStyle(document.querySelector('.display-call-number') ?? document.body).fontVariantNumeric,
      }));
      expect(overflow.scrollW, JSON.stringify(viewport)).toBeLessThanOrEqual(overflow.w);
      expect(overflow.scrollH, JSON.stringify(viewport)).toBeLessThanOrEqual(overflow.h);
      expect(overflow.numeric).toContain('tabular-nums');
      await tv.page.mouse.move(200, 200);
      await expect(tv.screen).not.toHaveClass(/is-cursor-hidden/);
      await expect(tv.screen).toHaveClass(/is-cursor-hidden/, { timeout: 6_000 });
    } finally {
      await context.close();
    }
  }
});

test('the counter strip follows its counter live: number and name, the ticket it serves, 暂停', async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 320 } });
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c04');
  try {
    const strip = new CounterStripScreen(await context.newPage());
    await desk.ready();
    await strip.open(hall, 4);
    await expect(strip.counterNumber).toHaveText('4');
    await expect(strip.counterName).toHaveText('综合窗口');
    await expect(strip.state).toHaveText('欢迎办理');

    await new HallApi(desk.api, hall).take('G');
    const number = await desk.callNext();
    await expect(strip.ticket).toHaveText(number, { timeout: 1_000 });

    await desk.ready();
    await desk.pause('午间休息');
    await expect(strip.state).toHaveText('暂停服务');
    await expect(strip.reason).toHaveText('午间休息');
    await desk.resume();
    await expect(strip.state).toHaveText('欢迎办理');
  } finally {
    await desk.dispose();
    await context.close();
  }
});

test('an unknown hall or counter is a 404 page, not a broken screen', async ({ page }) => {
  await page.goto(`/display/${hall}-nowhere`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.goto(`/display/${hall}/counter/99`);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.goto(`/display/${hall}/counter/x1`);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe finds no serious or critical violation on the TV, the prompt and the strips', async ({ browser, playwright, baseURL }) => {
  const tvContext = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(tvContext);
  const promptContext = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(promptContext, { voiceChoice: 'unset' });
  const stripContext = await browser.newContext({ viewport: { width: 1280, height: 320 } });
  try {
    const tv = new HallTv(await tvContext.newPage());
    await tv.open(hall);
    // Past the arrival highlight, so contrast is measured on the resting colours.
    await tv.page.waitForTimeout(5_000);
    expect(await seriousViolations(tv.page)).toEqual([]);

    const prompt = new HallTv(await promptContext.newPage());
    await prompt.page.goto(`/display/${hall}`);
    await expect(prompt.voicePrompt).toBeVisible();
    expect(await seriousViolations(prompt.page)).toEqual([]);

    // A strip serving (or idle) and a paused one, with its reason.
    const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c05');
    try {
      await desk.ready();
      await desk.pause('业务培训，稍后恢复');
      for (const counter of [4, 5]) {
        const strip = new CounterStripScreen(await stripContext.newPage());
        await strip.open(hall, counter);
        await strip.page.waitForTimeout(5_000);
        expect(await seriousViolations(strip.page)).toEqual([]);
      }
      await desk.resume();
    } finally {
      await desk.dispose();
    }
  } finally {
    await Promise.all([tvContext.close(), promptContext.close(), stripContext.close()]);
  }
});

test('the TV keeps the screen awake (taken again when the page is shown again) and goes fullscreen on a tap', async ({ browser }) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context);
  await context.addInitScript(() => {
    const w = window as unknown as { __wakeLocks: Array<{ released: boolean }>; __visibility: DocumentVisibilityState };
    w.__wakeLocks = [];
    w.__visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', { get: () => w.__visibility, configurable: true });
    Object.defineProperty(navigator, 'wakeLock', {
      configurable: true,
      value: {
        request: (type: string) => {
          const sentinel = {
            type,
            released: false,
            release: () => {
              sentinel.released = true;
              return Promise.resolve();
            },
            addEventListener: () => undefined,
            removeEventListener: () => undefined,
          };
          w.__wakeLocks.push(sentinel);
          return Promise.resolve(sentinel);
        },
      },
    });
  });
  try {
    const page = await context.newPage();
    const tv = new HallTv(page);
    await tv.open(hall);
    const locks = () => page.evaluate(() => (window as unknown as { __wakeLocks: Array<{ released: boolean }> }).__wakeLocks.length);
    await expect.poll(locks).toBe(1);

    // Hidden: the browser drops the lock. Shown again: the page takes a new one.
    await page.evaluate(() => {
      const w = window as unknown as { __wakeLocks: Array<{ released: boolean }>; __visibility: DocumentVisibilityState };
      for (const lock of w.__wakeLocks) lock.released = true;
      w.__visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      w.__visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(locks).toBe(2);

    expect(await page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    await tv.latestNumber.or(page.getByRole('heading', { level: 1 })).first().click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null)).toBe('HTML');
  } finally {
    await context.close();
  }
});

/** Font sizes of the visible elements matching `selector`, as the browser computed them. */
function fontSizes(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    (sel) => [...document.querySelectorAll<HTMLElement>(sel)].filter((e) => e.offsetParent !== null).map((e) => parseFloat(getComputedStyle(e).fontSize)),
    selector,
  );
}

test('the TV reads from 6 m at 1920×1080: recent calls and counter numbers ≥ 56 px, the voice question off the call area', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext({ viewport: tvViewport, deviceScaleFactor: 1 });
  await installSpeechStub(context, { voiceChoice: 'unset' });
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c05');
  try {
    await desk.ready();
    await new HallApi(desk.api, hall).take('G');
    const number = await desk.callNext();
    const tv = new HallTv(await context.newPage());
    await tv.page.goto(`/display/${hall}`);
    await tv.expectLive();
    await tv.expectLatestCall(number, 5);

    // About 60 px is what a 55-inch panel needs at 6 m; 56 px is the floor.
    for (const selector of ['.recent-number', '.recent-counter', '.display-counter-number', '.display-counter-ticket']) {
      const sizes = await fontSizes(tv.page, selector);
      expect(sizes.length, selector).toBeGreaterThan(0);
      expect(Math.min(...sizes), selector).toBeGreaterThanOrEqual(56);
    }
    expect(Math.min(...(await fontSizes(tv.page, '.display-service-title')))).toBeGreaterThanOrEqual(30);
    // The recent-calls panel is filled, not half empty: its rows take most of its height.
    const fill = await tv.page.evaluate(() => {
      const list = document.querySelector('[data-testid="display-recent"]');
      if (!list) return 0;
      const rows = [...list.querySelectorAll('li')].filter((li) => li.offsetParent !== null);
      const used = rows.reduce((h, li) => h + li.getBoundingClientRect().height, 0);
      return used / list.getBoundingClientRect().height;
    });
    if ((await tv.page.locator('[data-testid="display-recent"] li').count()) >= 5) expect(fill).toBeGreaterThan(0.9);

    // On first start the voice question sits in the header: the call stays uncovered.
    await expect(tv.voicePrompt).toBeVisible();
    const prompt = await tv.voicePrompt.boundingBox();
    const call = await tv.page.getByTestId('display-call').boundingBox();
    expect(prompt && call).toBeTruthy();
    if (prompt && call) expect(prompt.y + prompt.height).toBeLessThanOrEqual(call.y);
    await tv.page.screenshot({ path: 'test-results/display/tv-first-start-1920.png' });

    // Voice declined: no sentence stays on the public screen, only a faint icon for staff.
    await tv.page.getByTestId('voice-decline').click();
    await expect(tv.voicePrompt).toBeHidden();
    const off = tv.page.getByTestId('voice-off');
    await expect(off).toBeVisible();
    await expect(off).toHaveText('');
    await expect(off).toHaveAttribute('aria-label', '语音播报已关闭，轻触开启');
    await tv.page.screenshot({ path: 'test-results/display/tv-voice-off-1920.png' });
  } finally {
    await desk.ready();
    await desk.dispose();
    await context.close();
  }
});

test('a closed counter reads the same on the strip and on the TV', async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext({ viewport: tvViewport });
  await installSpeechStub(context);
  // Counter 13 is closed in the demo seed; closed here again, as the seed left it, whatever ran before.
  const desk = await CounterDesk.signIn(playwright, baseURL ?? '', 'c13');
  try {
    await desk.ready();
    expect((await desk.command('close')).status).toBe(200);
    const tv = new HallTv(await context.newPage());
    await tv.open(hall);
    await expect(tv.counter(13)).toHaveAttribute('data-state', 'closed');
    const tvWord = (await tv.counter(13).locator('.display-counter-state').textContent())?.trim();
    const strip = new CounterStripScreen(await context.newPage());
    await strip.page.setViewportSize({ width: 1280, height: 320 });
    await strip.open(hall, 13);
    await expect(strip.state).toHaveText(tvWord ?? '');
    expect(tvWord).toBe('未开放');
  } finally {
    await desk.dispose();
    await context.close();
  }
});
