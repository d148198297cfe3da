import { eq } from 'drizzle-orm';
import { expect, test } from '@playwright/test';
import { halls, settingsOf } from '../../db/schema';
import { CounterStripScreen, HallTv, demoPassword } from './pages/display';
import { AppProcess } from './support/app-process';
import { installSpeechStub } from './support/speech-stub';

/*
 * A hall that admits only registered screens, on an app of this test's own (the demo
 * halls of the shared server do not require keys): without a key the screen shows that
 * it is not bound and nothing of the hall; with the key an admin issued, it runs.
 */

test('a hall requiring device keys: the screen is refused without its key and runs with it', async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  const app = await AppProcess.create();
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    await app.start();
    await app.stop();
    await app.withDatabase(async (db) => {
      const [row] = await db.select().from(halls).where(eq(halls.slug, 'dayuan'));
      if (!row) throw new Error('no demo hall dayuan');
      await db
        .update(halls)
        .set({ settings: { ...settingsOf(row), requireDeviceKey: true } })
        .where(eq(halls.id, row.id));
    });
    await app.start();

    const admin = await playwright.request.newContext({ baseURL: app.url });
    expect((await admin.post('/api/v1/auth/login', { data: { username: 'dy-admin', password: demoPassword } })).status()).toBe(200);
    const issued = await admin.post('/api/v1/halls/dayuan/display-devices', { data: { name: '大厅综合屏' } });
    expect(issued.status(), await issued.text()).toBe(201);
    const { key } = (await issued.json()) as { key: string };
    await admin.dispose();

    await installSpeechStub(context);
    const page = await context.newPage();
    await page.goto(`${app.url}/display/dayuan`);
    await expect(page.getByTestId('display-unbound')).toContainText('本屏尚未绑定大厅');
    await expect(page.getByTestId('display')).toHaveCount(0);
    expect(await page.content()).not.toContain('1号综合窗口');
    await page.goto(`${app.url}/display/dayuan?key=hbd_${'x'.repeat(43)}`);
    await expect(page.getByTestId('display-unbound')).toBeVisible();

    const tv = new HallTv(page);
    await page.goto(`${app.url}/display/dayuan?key=${encodeURIComponent(key)}`);
    await tv.expectLive();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('凤翔街道大园社区便民服务站');
    await expect(tv.notices).toContainText('服务站');

    const strip = new CounterStripScreen(await context.newPage());
    await strip.page.goto(`${app.url}/display/dayuan/counter/1`);
    await expect(strip.page.getByTestId('display-unbound')).toBeVisible();
    await strip.page.goto(`${app.url}/display/dayuan/counter/1?key=${encodeURIComponent(key)}`);
    await expect(strip.strip).toHaveAttribute('data-connection', 'live', { timeout: 15_000 });
    await expect(strip.counterNumber).toHaveText('1');

    // The other demo hall does not require keys.
    await new HallTv(await context.newPage()).open('qiongshan', app.url);
  } catch (error) {
    console.error(app.log());
    throw error;
  } finally {
    await context.close();
    await app.dispose();
  }
});
