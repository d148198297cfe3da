import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';

/** Screenshots the reviewer looks at (not compared): test-results/admin/. */
const shots = 'test-results/admin';
mkdirSync(shots, { recursive: true });

test('the start page links every surface of each hall and the staff pages', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto('/');
    const card = page.getByTestId('hall-qiongshan');
    for (const [surface, href] of [
      ['take', '/h/qiongshan'],
      ['kiosk', '/kiosk/qiongshan'],
      ['book', '/h/qiongshan/book'],
      ['checkIn', '/h/qiongshan/check-in'],
      ['display', '/display/qiongshan'],
      ['counterScreen', '/display/qiongshan/counter/1'],
      ['leaderHall', '/leader/qiongshan'],
    ] as const) {
      await expect(card.locator(`[data-surface="${surface}"]`)).toHaveAttribute('href', href);
    }
    for (const href of ['/counter', '/duty', '/volunteer', '/inspect', '/leader', '/leader/rectification', '/case', '/admin']) {
      await expect(page.locator(`.staff-surfaces a[href="${href}"]`)).toHaveCount(1);
    }
    await page.screenshot({ path: `${shots}/start-1440x900.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('an urgent notice posted through the admin API appears on an open TV at once, and goes when cleared', async ({ browser, request }) => {
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  try {
    const tv = await tvContext.newPage();
    await tv.goto('/display/dayuan');
    await expect(tv.getByTestId('display')).toHaveAttribute('data-connection', 'live');
    await expect(tv.getByTestId('urgent-banner')).toHaveCount(0);

    const login = await request.post('/api/v1/auth/login', { data: { username: 'dy-admin', password: 'demo1234' } });
    expect(login.status()).toBe(200);
    const post = await request.put('/api/v1/admin/halls/dayuan/urgent-notice', { data: { text: '系统故障，暂停取号' } });
    expect(post.status()).toBe(200);
    await expect(tv.getByTestId('urgent-banner')).toContainText('系统故障，暂停取号');
    await tv.screenshot({ path: `${shots}/tv-urgent-1920x1080.png` });

    const clear = await request.put('/api/v1/admin/halls/dayuan/urgent-notice', { data: { text: null } });
    expect(clear.status()).toBe(200);
    await expect(tv.getByTestId('urgent-banner')).toHaveCount(0);
  } finally {
    await tvContext.close();
  }
});
