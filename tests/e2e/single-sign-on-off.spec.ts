import { expect, test } from '@playwright/test';

/*
 * The shared app runs without OIDC_*: the sign-in pages offer no single sign-on (a button
 * for something the server cannot do would be a promise it breaks), and a stray `?sso=`
 * in the address says nothing.
 */
test('without OIDC configured, the sign-in page has no 统一身份认证登录 and the start route is 404', async ({ page, request }) => {
  await page.goto('/counter?sso=UNKNOWN_USER');
  await expect(page.getByTestId('login-submit')).toBeVisible();
  await expect(page.getByTestId('sso-start')).toHaveCount(0);
  await expect(page.getByTestId('sso-error')).toHaveCount(0);
  await expect(page.getByText('统一身份认证')).toHaveCount(0);
  const start = await request.get('/api/v1/auth/oidc/start', { maxRedirects: 0 });
  expect(start.status()).toBe(404);
  expect(((await start.json()) as { error: { reason: string } }).error.reason).toBe('OIDC_NOT_CONFIGURED');
});
