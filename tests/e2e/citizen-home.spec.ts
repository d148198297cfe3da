import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, expect, test } from '@playwright/test';
import { PhonePage } from './pages';

/** Screenshots the reviewer looks at (not compared): test-results/citizen/. */
const shots = 'test-results/citizen';
mkdirSync(shots, { recursive: true });

const phoneProfile = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

async function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext(phoneProfile);
}

interface HomeService {
  id: string;
  prefix: string;
  waiting: number;
  instantApproval: boolean;
  onlineUrl: string | null;
}

test('the hall home shows guides, live waiting and points 秒批 online; large text is one tap', async ({ browser, request }) => {
  const context = await phone(browser);
  try {
    const page = await context.newPage();
    await page.clock.install();
    await page.goto('/h/qiongshan');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('海口市琼山区政务服务中心');
    await expect(page.getByTestId('hall-hours')).toContainText('周一至周五');
    await expect(page.getByTestId('hall-notices')).toContainText('办不成事反映窗口');
    await expect(page.getByTestId('entry-book')).toHaveAttribute('href', '/h/qiongshan/book');
    await expect(page.getByTestId('entry-case')).toHaveAttribute('href', '/case');

    // The guide folds open under its service.
    const guide = page.getByTestId('guide-A');
    await expect(guide.getByText('公司章程')).toBeHidden();
    await guide.locator('summary').click();
    await expect(guide.getByText('申请材料')).toBeVisible();
    await expect(guide).toContainText('公司章程');
    await expect(guide).toContainText('承诺 1 个工作日办结');
    await expect(guide).toContainText('收费标准');

    // 秒批: online first, with the service's own link; a number stays possible.
    const home = (await (await request.get('/api/v1/halls/qiongshan/home')).json()) as { services: HomeService[] };
    const instant = home.services.find((s) => s.prefix === 'F');
    expect(instant?.instantApproval).toBe(true);
    await expect(page.getByTestId('instant-F')).toHaveText('秒批');
    await expect(page.getByTestId('online-F')).toHaveAttribute('href', instant?.onlineUrl ?? 'missing');
    await expect(page.getByTestId('service-F')).toHaveText('到窗口办理，取号');
    await expect(page.getByTestId('online-A')).toHaveCount(0);

    // Live: a number taken elsewhere shows up at the next poll, without a reload.
    const d = home.services.find((s) => s.prefix === 'D');
    const before = d?.waiting ?? 0;
    await expect(page.getByTestId('home-wait-D')).toContainText(`${before} 人等候`);
    const taken = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: d?.id } });
    expect(taken.status()).toBe(201);
    await page.clock.fastForward(21_000);
    await expect(page.getByTestId('home-wait-D')).toContainText(`${before + 1} 人等候`);
    await page.screenshot({ path: `${shots}/home-390x844.png` });

    // 适老化: one tap, remembered on the device.
    await page.getByTestId('text-size-toggle').click();
    await expect(page.locator('.site')).toHaveAttribute('data-text', 'large');
    await page.reload();
    await expect(page.locator('.site')).toHaveAttribute('data-text', 'large');
    await expect(page.getByTestId('text-size-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: `${shots}/home-390x844-large-text.png` });
    // Other citizen pages follow the same choice.
    await page.goto('/');
    await expect(page.locator('.site')).toHaveAttribute('data-text', 'large');
    await page.getByTestId('text-size-toggle').click();
    await expect(page.locator('.site')).toHaveAttribute('data-text', 'normal');
  } finally {
    await context.close();
  }
});

test('a number taken remotely from the home reaches its ticket page; /take leads home', async ({ browser }) => {
  const context = await phone(browser);
  try {
    const citizen = new PhonePage(await context.newPage());
    await citizen.page.goto('/take/qiongshan');
    await expect(citizen.page).toHaveURL(/\/h\/qiongshan#services$/);

    // A wrong phone number is caught before anything is sent.
    await citizen.page.getByTestId('service-A').click();
    await expect(citizen.page.getByTestId('take-sheet')).toBeVisible();
    await citizen.page.getByTestId('take-phone').fill('12345');
    await citizen.page.getByTestId('take-confirm').click();
    await expect(citizen.page.locator('#take-phone-hint')).toHaveText('请输入 11 位手机号，或者不填。');
    await citizen.page.screenshot({ path: `${shots}/take-phone-invalid.png` });
    await citizen.page.getByRole('button', { name: '不取了' }).click();
    await expect(citizen.page.getByTestId('take-sheet')).toBeHidden();

    const number = await citizen.takeNumber('qiongshan', 'A', '13812345678');
    expect(number).toMatch(/^A\d{3}$/);
    await expect(citizen.page.getByTestId('ticket-status')).toContainText('等候');
  } finally {
    await context.close();
  }
});

test('the kiosk issues a number, prints the 58 mm slip, points 秒批 online and returns to the start', async ({ browser }) => {
  for (const viewport of [
    { width: 1080, height: 1920 },
    { width: 1920, height: 1080 },
  ]) {
    const context = await browser.newContext({ viewport, hasTouch: true, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { printed: number };
        w.printed = 0;
        window.print = () => {
          w.printed += 1;
        };
      });
      await page.clock.install();
      await page.goto('/kiosk/qiongshan');
      const kiosk = page.getByTestId('kiosk');
      await expect(kiosk).toHaveAttribute('data-screen', 'start');
      await expect(page.getByTestId('kiosk-check-in')).toHaveAttribute('href', '/kiosk/qiongshan/check-in');
      await page.screenshot({ path: `${shots}/kiosk-${viewport.width}x${viewport.height}.png` });

      await page.getByTestId('kiosk-service-G').click();
      await expect(page.getByTestId('kiosk-instant')).toContainText('可以秒批');
      await expect(page.getByTestId('kiosk-instant').locator('svg')).toBeVisible();
      await page.getByRole('button', { name: '返回', exact: true }).click();

      await page.getByTestId('kiosk-service-D').click();
      await expect(page.getByTestId('kiosk-number')).toHaveText(/^D\d{3}$/);
      const number = (await page.getByTestId('kiosk-number').textContent()) ?? '';
      await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      await expect(page.getByTestId('print-slip')).toBeHidden();

      if (viewport.height > viewport.width) {
        await page.screenshot({ path: `${shots}/kiosk-ticket-1080x1920.png` });
        await page.emulateMedia({ media: 'print' });
        const slip = page.getByTestId('print-slip');
        await expect(slip).toBeVisible();
        await expect(page.getByTestId('slip-number')).toHaveText(number);
        await expect(slip).toContainText('海口市琼山区政务服务中心');
        await expect(slip).toContainText('社保');
        await expect(page.getByTestId('slip-ahead')).toContainText('前面');
        await expect(page.getByTestId('slip-qr').locator('svg')).toBeVisible();
        // 58 mm at 96 px per inch is 219 px.
        expect(Math.round((await slip.boundingBox())?.width ?? 0)).toBe(219);
        await page.setViewportSize({ width: 260, height: 620 });
        await page.screenshot({ path: `${shots}/print-slip.png`, fullPage: true });
        await page.emulateMedia({ media: 'screen' });
        await page.setViewportSize(viewport);
      }

      // Nobody touches it: back to the start, the last number gone from the screen.
      await page.clock.fastForward(31_000);
      await expect(kiosk).toHaveAttribute('data-screen', 'start');
      await expect(page.getByTestId('kiosk-number')).toHaveCount(0);
    } finally {
      await context.close();
    }
  }
});
