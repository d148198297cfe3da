import type { Browser, Page } from '@playwright/test';

/** The demo accounts' password (DEMO_PASSWORD when the run sets one). */
export const demoPassword = process.env.DEMO_PASSWORD ?? 'demo1234';

/**
 * A fresh browser context at `viewport` (a phone below 500 px: touch, mobile), opened at
 * `path` and signed in there through the page's own form, as a person would.
 */
export async function signedInPage(browser: Browser, path: string, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  return page;
}
