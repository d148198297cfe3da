import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { AdminConsole } from './pages/admin';
import { AppProcess } from './support/app-process';

/*
 * The console's everyday flows and every page of it at 1440×900, on PostgreSQL with demo
 * mode off (its own app and database): the matrix changed, staff disabled and reset, a
 * month of duty, a display device registered and revoked, a rule saved, the audit filtered
 * and exported, and what a signed-in account of the wrong kind sees on a staff page.
 */

const bootstrap = { username: 'district-admin', password: 'first-run-Pa55' };
const hall = 'gulou';
const desktop = { width: 1440, height: 900 };
const clerk = { username: 'gl-clerk', password: 'clerk-Pa55word' };
const shots = 'test-results/admin-pages';
mkdirSync(shots, { recursive: true });

let app: AppProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  app = await AppProcess.create({ demo: false, bootstrapAdmin: bootstrap, database: 'postgres' });
  await app.start();
  const { ctx, admin } = await signedInAdmin(browser);
  await admin.createHall(hall, '鼓楼便民服务中心', '海口市鼓楼路 8 号');
  await admin.setRule(hall, 'set-enforceHours', 'no');
  const guide = { materials: ['居民身份证'], conditions: ['本辖区居民'], timeLimit: '承诺即办', fees: '不收费' };
  await admin.createService(hall, { prefix: 'A', name: '户籍办理', ...guide });
  await admin.createService(hall, { prefix: 'B', name: '社保业务', ...guide });
  await admin.createCounter(hall, 1, '户籍窗口');
  await admin.createCounter(hall, 2, '综合窗口');
  await admin.setMatrix(hall, [
    [1, 'A'],
    [2, 'B'],
  ]);
  await admin.createStaff(hall, { ...clerk, displayName: '周小红', role: 'staff', counter: 1 });
  await admin.createStaff(hall, { username: 'gl-leader', displayName: '陈主任', role: 'leader', password: 'leader-Pa55word' });
  await ctx.close();
});

test.afterAll(async () => {
  await app?.dispose();
});

async function context(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: app.url, viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

async function signedInAdmin(browser: Browser): Promise<{ ctx: BrowserContext; admin: AdminConsole }> {
  const ctx = await context(browser);
  const admin = new AdminConsole(await ctx.newPage());
  await admin.signIn(bootstrap.username, bootstrap.password);
  return { ctx, admin };
}

async function signIn(page: Page, username: string, password: string) {
  const reply = await page.request.post('/api/v1/auth/login', { data: { username, password } });
  expect(reply.status()).toBe(200);
}

test('an account on a staff page that is not its own is told why and where to go', async ({ browser }) => {
  const { ctx, admin } = await signedInAdmin(browser);
  for (const path of ['/counter', '/duty', '/leader', '/volunteer']) {
    await admin.page.goto(path);
    await expect(admin.page.getByTestId('district-admin-here')).toContainText('区级管理员');
    await expect(admin.page.getByTestId('go-admin')).toHaveAttribute('href', '/admin');
    await expect(admin.page.getByTestId('login-username')).toHaveCount(0);
  }
  await admin.page.goto('/leader');
  await admin.page.screenshot({ path: `${shots}/gate-district-admin-on-leader.png` });
  await ctx.close();

  const clerkCtx = await context(browser);
  const page = await clerkCtx.newPage();
  await signIn(page, clerk.username, clerk.password);
  await page.goto('/leader');
  await expect(page.getByTestId('leader-refused')).toContainText('周小红');
  await expect(page.getByTestId('go-counter')).toHaveAttribute('href', '/counter');
  await page.goto('/duty');
  await expect(page.getByTestId('duty-not-leader')).toBeVisible();
  await expect(page.getByTestId('go-counter')).toHaveAttribute('href', '/counter');
  await page.screenshot({ path: `${shots}/gate-clerk-on-duty.png` });
  await page.goto('/admin');
  await expect(page.getByTestId('admin-not-admin')).toBeVisible();
  await expect(page.getByTestId('go-counter')).toBeVisible();
  await clerkCtx.close();
});

test('the matrix, staff, duty roster, display devices, a rule and the audit, changed from the console', async ({ browser }) => {
  test.setTimeout(120_000);
  const { ctx, admin } = await signedInAdmin(browser);
  const page = admin.page;

  // Counter 2 (综合窗口) now serves both services; kept after a reload.
  await admin.section(hall, 'counters');
  await page.getByTestId('matrix-2-A').check();
  await page.getByTestId('matrix-save').click();
  await expect(page.getByTestId('service-matrix').getByTestId('form-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('matrix-2-A')).toBeChecked();
  await expect(page.getByTestId('matrix-2-B')).toBeChecked();
  await expect(page.getByTestId('matrix-1-B')).not.toBeChecked();

  // A new password works and the old one no longer does; a disabled account cannot sign in.
  await admin.section(hall, 'staff');
  await page.getByTestId(`staff-reset-${clerk.username}`).click();
  await page.locator('#reset-password').fill('new-clerk-Pa55');
  await page.getByTestId('reset-save').click();
  await expect(page.getByTestId('staff-message')).toBeVisible();
  const probe = await context(browser);
  expect((await probe.request.post('/api/v1/auth/login', { data: { username: clerk.username, password: clerk.password } })).status()).toBe(401);
  expect((await probe.request.post('/api/v1/auth/login', { data: { username: clerk.username, password: 'new-clerk-Pa55' } })).status()).toBe(200);
  await page.getByTestId(`staff-toggle-${clerk.username}`).click();
  await expect(page.getByTestId(`staff-toggle-${clerk.username}`)).toHaveText('启用');
  expect((await probe.request.post('/api/v1/auth/login', { data: { username: clerk.username, password: 'new-clerk-Pa55' } })).status()).toBe(401);
  await probe.close();

  // A duty leader for a day of this month, kept after a reload.
  await admin.section(hall, 'duty');
  const day = page.getByTestId('roster-calendar').locator('[data-testid^="roster-"]').nth(14);
  await day.locator('select').selectOption({ label: '陈主任' });
  await page.getByTestId('roster-save').click();
  await expect(page.getByTestId('form-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('roster-calendar').locator('[data-testid^="roster-"]').nth(14).locator('select option:checked')).toHaveText('陈主任');

  // A TV registered shows its key once; revoked, its row says so.
  await admin.section(hall, 'displays');
  await page.locator('#device-name').fill('大厅主屏');
  await page.getByTestId('device-register').click();
  await expect(page.getByTestId('device-key-value')).toHaveText(/\S{16,}/);
  await expect(page.getByTestId('device-row-大厅主屏')).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('device-revoke-大厅主屏').click();
  await expect(page.getByTestId('device-row-大厅主屏')).toHaveClass(/is-disabled/);

  // A named rule saved and read back.
  await admin.section(hall, 'settings');
  const form = page.getByTestId('settings-form');
  // The group holds the 取号 limits, the staff sign-in's idle limit and the device key rule.
  await expect(form.getByTestId('settings-group-limits').locator('h2')).toHaveText('限制、登录安全与设备');
  await expect(form.getByTestId('settings-group-limits').locator('#set-staffIdleMinutes')).toBeVisible();
  await form.locator('#set-nearlyAhead').fill('4');
  await expect(form.locator('#set-smsOnCall')).toHaveValue('no');
  await form.locator('#set-smsOnCall').selectOption('yes');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('form-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('settings-form').locator('#set-nearlyAhead')).toHaveValue('4');
  await expect(page.getByTestId('settings-form').locator('#set-smsOnCall')).toHaveValue('yes');

  // The audit, filtered by kind, and its CSV export carries the rows.
  await admin.section(hall, 'audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.getByTestId('audit-entity').selectOption('display');
  await expect(page.getByTestId('audit-row')).toHaveCount(2);
  await expect(page.getByTestId('audit-list')).toContainText('大厅主屏');
  await page.getByTestId('audit-actor').fill('nobody-at-all');
  await expect(page.getByTestId('audit-empty')).toBeVisible();
  await page.getByTestId('audit-actor').fill('');
  const csvHref = await page.getByTestId('audit-csv').getAttribute('href');
  const csv = await page.request.get(csvHref ?? '');
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toContain('大厅主屏');
  await ctx.close();
});

test('every page of the console, district and hall scope, at 1440×900', async ({ browser }) => {
  test.setTimeout(120_000);
  const { ctx, admin } = await signedInAdmin(browser);
  const page = admin.page;
  const shoot = async (name: string) => {
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };
  await page.goto('/admin');
  await expect(page.getByTestId('admin-scope')).toBeVisible();
  await shoot('district-home');
  await admin.section(hall, '');
  await expect(page.getByTestId('hall-editor')).toBeVisible();
  await shoot('hall-editor');
  for (const section of ['services', 'counters', 'staff', 'duty', 'displays', 'settings', 'audit'] as const) {
    await admin.section(hall, section);
    await expect(page.locator('.site-main h1, .site-main h2').first()).toBeVisible();
    await shoot(`hall-${section}`);
  }
  await admin.section(hall, 'services');
  await page.getByTestId('service-new').click();
  await expect(page.getByTestId('svc-ordering')).toBeVisible();
  await expect(page.locator('#svc-interleave')).toHaveAttribute('placeholder', /\d/);
  await shoot('hall-services-form');
  await ctx.close();
});
