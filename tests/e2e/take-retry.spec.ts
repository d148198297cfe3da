import { expect, test } from '@playwright/test';

/**
 * One tap, one number: the hall home's 取号 answer is lost on the way back (the server committed
 * it), the page retries with the tap's Idempotency-Key and shows the very ticket the lost answer
 * carried, never a second one.
 */
test('a 取号 answer lost on the way back: the retry shows the same number, not a second one', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const keys: string[] = [];
    let lost: { number: string; token: string } | null = null;
    await page.route('**/api/v1/halls/qiongshan/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (lost) return route.continue();
      // The request reaches the server and commits; its answer never reaches the phone.
      const response = await route.fetch();
      expect(response.status()).toBe(201);
      lost = ((await response.json()) as { ticket: { number: string; token: string } }).ticket;
      return route.abort('connectionreset');
    });
    await page.goto('/h/qiongshan');
    await page.getByTestId('service-A').click();
    await page.getByTestId('take-confirm').click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const first = lost as { number: string; token: string } | null;
    expect(first).not.toBeNull();
    await expect(page.getByTestId('ticket-number')).toHaveText(first?.number ?? '');
    expect(page.url()).toContain(`/t/${first?.token ?? ''}`);
  } finally {
    await context.close();
  }
});
