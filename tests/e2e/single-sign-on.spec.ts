import { expect, test } from '@playwright/test';
import { type TestOidcProvider, startOidcProvider } from '../support/oidc-provider';
import { AppProcess } from './support/app-process';

/*
 * Staff single sign-on through the real process (server/main.ts reads OIDC_*) and a real
 * OpenID provider on a loopback port, in Chromium: the sign-in page offers 统一身份认证登录,
 * the provider signs the person in (its login has no form: the test names the person), and
 * the browser comes back to the page it started from, signed in, or told why not.
 */

let app: AppProcess;
let provider: TestOidcProvider;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  provider = await startOidcProvider();
  app = await AppProcess.create({
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      DEMO_TRAFFIC: '0',
    },
  });
  provider.allowRedirect(`${app.url}/api/v1/auth/oidc/callback`);
  await app.start();
});

test.afterAll(async () => {
  await app?.dispose();
  await provider?.close();
});

test('a clerk signs in at the counter with 统一身份认证登录 and lands on their console', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${app.url}/counter`);
  const sso = page.getByTestId('sso-start');
  await expect(sso).toHaveText('统一身份认证登录');
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await page.screenshot({ path: 'test-results/single-sign-on/counter-sign-in-1440x900.png' });

  provider.signInAs('c01');
  await sso.click();
  await page.waitForURL(`${app.url}/counter`);
  await expect(page.getByTestId('console')).toBeVisible();
  await expect(page.getByTestId('counter-name')).toContainText('1');
  const me = await page.request.get(`${app.url}/api/v1/me`);
  expect(((await me.json()) as { me: { username: string } }).me.username).toBe('c01');
});

test('a person with no account here is brought back to the sign-in page and told why, in Chinese', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await page.goto(`${app.url}/duty`);
    provider.signInAs('nobody-here');
    await page.getByTestId('sso-start').click();
    await page.waitForURL(`${app.url}/duty?sso=UNKNOWN_USER`);
    await expect(page.getByTestId('sso-error')).toContainText('本系统没有与您对应的工作人员账号');
    await expect(page.getByTestId('login-submit')).toBeVisible();
    await page.screenshot({ path: 'test-results/single-sign-on/duty-refused-390x844.png', fullPage: true });
    expect((await page.request.get(`${app.url}/api/v1/me`)).status()).toBe(401);
  } finally {
    await context.close();
  }
});
