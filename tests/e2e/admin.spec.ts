import { type Browser, type BrowserContext, expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { CounterConsole, PhonePage } from './pages';
import { AdminConsole } from './pages/admin';
import { HallTv } from './pages/display';
import { AppProcess } from './support/app-process';

/*
 * A district adopting Hallboard (issue 12): on PostgreSQL with demo mode off, the only
 * account is the bootstrap admin, and everything else is set up in /admin. The app and its
 * database are this spec's own; the tests run in order on the hall the first one creates.
 */

const bootstrap = { username: 'district-admin', password: 'first-run-Pa55' };
const hall = 'xinan';
const desktop = { width: 1440, height: 900 };
const clerk = { username: 'xa-clerk', password: 'clerk-Pa55word' };

let app: AppProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await AppProcess.create({ demo: false, bootstrapAdmin: bootstrap, database: 'postgres' });
  await app.start();
});

test.afterAll(async () => {
  await app?.dispose();
});

async function context(browser: Browser, viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({ baseURL: app.url, viewport });
}

async function signedInAdmin(browser: Browser): Promise<{ ctx: BrowserContext; admin: AdminConsole }> {
  const ctx = await context(browser);
  const admin = new AdminConsole(await ctx.newPage());
  await admin.signIn(bootstrap.username, bootstrap.password);
  return { ctx, admin };
}

test('bootstrap admin sets up a hall in /admin; a citizen takes a number, the clerk calls it, the TV shows it', async ({ browser }) => {
  test.setTimeout(180_000);
  // Outside demo mode no demo hall exists and no demo password opens anything.
  const probe = await context(browser);
  const halls = await probe.request.get('/api/v1/halls');
  expect(((await halls.json()) as { halls: unknown[] }).halls).toEqual([]);
  const demoLogin = await probe.request.post('/api/v1/auth/login', { data: { username: 'admin', password: 'demo1234' } });
  expect(demoLogin.status()).toBe(401);
  await probe.close();

  const { ctx, admin } = await signedInAdmin(browser);
  await expect(admin.page.getByTestId('admin-scope')).toContainText('区级管理员');
  await admin.createHall(hall, '新安便民服务站', '海口市琼山区新安路 1 号');
  // Numbers whatever the time of day the test runs: the hall does not enforce its hours.
  await admin.setRule(hall, 'set-enforceHours', 'no');

  await admin.createService(hall, {
    prefix: 'A',
    name: '户籍办理',
    materials: ['居民身份证', '户口簿'],
    conditions: ['本辖区常住人口'],
    timeLimit: '法定20个工作日，承诺即办',
    fees: '不收费',
  });
  await admin.createService(hall, {
    prefix: 'B',
    name: '社保卡补办',
    materials: ['居民身份证'],
    conditions: ['已参保'],
    timeLimit: '承诺5个工作日',
    fees: '工本费 20 元',
  });
  await admin.createCounter(hall, 1, '户籍窗口');
  await admin.createCounter(hall, 2, '社保窗口');
  await admin.createCounter(hall, 3, '综合窗口');
  await admin.setMatrix(hall, [
    [1, 'A'],
    [2, 'B'],
    [3, 'A'],
    [3, 'B'],
  ]);
  await admin.createStaff(hall, { ...clerk, displayName: '王小明', role: 'staff', counter: 1 });
  await admin.createStaff(hall, { username: 'xa-leader', displayName: '李主任', role: 'leader', password: 'leader-Pa55word' });

  // The matrix is what the hall serves: counter 3 now serves both services.
  await admin.section(hall, 'counters');
  await expect(admin.page.getByTestId('matrix-3-A')).toBeChecked();
  await expect(admin.page.getByTestId('matrix-3-B')).toBeChecked();
  await expect(admin.page.getByTestId('matrix-1-B')).not.toBeChecked();

  const tvCtx = await context(browser, { width: 1920, height: 1080 });
  const tv = new HallTv(await tvCtx.newPage());
  await tv.open(hall, app.url);

  const phoneCtx = await context(browser, { width: 390, height: 844 });
  const phone = new PhonePage(await phoneCtx.newPage());
  await phone.page.goto(`/h/${hall}`);
  // The guide written in /admin is what the citizen reads before coming.
  await expect(phone.page.getByText('户口簿')).toBeAttached();
  const number = await phone.takeNumber(hall, 'A');
  expect(number).toBe('A001');

  const clerkCtx = await context(browser);
  const desk = new CounterConsole(await clerkCtx.newPage());
  await desk.signIn(clerk.username, clerk.password);
  expect(await desk.callNext()).toBe(number);

  await expect(tv.latestNumber).toHaveText(number);
  await expect(tv.latestCounter).toHaveText('1');
  await phone.expectCalledTo(1);

  await Promise.all([ctx.close(), tvCtx.close(), phoneCtx.close(), clerkCtx.close()]);
});

test('a service renamed and an urgent notice posted in /admin appear on an open TV without reload', async ({ browser }) => {
  const tvCtx = await context(browser, { width: 1920, height: 1080 });
  const tv = new HallTv(await tvCtx.newPage());
  await tv.open(hall, app.url);
  await expect(tv.page.getByTestId('display-waiting-B')).toContainText('社保卡补办');
  await expect(tv.page.getByTestId('urgent-banner')).toHaveCount(0);
  // Marks this page: a reload would lose it, so the checks below prove no reload happened.
  await tv.page.evaluate(() => Object.assign(window, { hbNoReload: true }));

  const { ctx, admin } = await signedInAdmin(browser);
  await admin.renameService(hall, 'B', '社会保障卡补换');
  await expect(tv.page.getByTestId('display-waiting-B')).toContainText('社会保障卡补换');

  await admin.postUrgent(hall, '系统故障，暂停取号');
  await expect(tv.page.getByTestId('urgent-banner-text')).toHaveText('系统故障，暂停取号');
  // Readable at 6 m: a band across the whole width with large type.
  const band = await tv.page.getByTestId('urgent-banner').boundingBox();
  expect(band?.width).toBe(1920);
  const size = await tv.page.getByTestId('urgent-banner-text').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(60);

  const stripCtx = await context(browser, { width: 1280, height: 320 });
  const strip = await stripCtx.newPage();
  await strip.goto(`/display/${hall}/counter/1`);
  await expect(strip.getByTestId('urgent-banner-text')).toHaveText('系统故障，暂停取号');

  await admin.clearUrgent(hall);
  await expect(tv.page.getByTestId('urgent-banner')).toHaveCount(0);
  await expect(strip.getByTestId('urgent-banner')).toHaveCount(0);
  expect(await tv.page.evaluate(() => (window as unknown as { hbNoReload?: boolean }).hbNoReload)).toBe(true);

  await Promise.all([ctx.close(), tvCtx.close(), stripCtx.close()]);
});

const row = (prefix: string, name: string) => ({
  prefix,
  name,
  kind: 'normal',
  guide: { materials: ['居民身份证'], conditions: [], timeLimit: '即办', fees: '不收费' },
  dailyCap: null,
  openingHours: [],
  instantApproval: false,
  onlineUrl: null,
  promisedDays: null,
  slotCapacity: null,
  typicalServiceMinutes: 10,
  sortOrder: 0,
  active: true,
});
const catalogue = (services: unknown[]) => ({
  name: 'services.json',
  mimeType: 'application/json',
  buffer: Buffer.from(JSON.stringify({ format: 'hallboard.services', version: 1, hall, services })),
});

test('import: a good sheet creates every service; a sheet with one bad row writes nothing and names the row', async ({ browser }) => {
  const { ctx, admin } = await signedInAdmin(browser);

  await admin.chooseImport(hall, catalogue([row('C', '不动产登记'), row('D', '营业执照')]));
  await expect(admin.page.getByTestId('import-verdict')).toContainText('C D');
  // A dry run writes nothing until it is confirmed.
  await expect(admin.serviceRow('C')).toHaveCount(0);
  await admin.page.getByTestId('import-confirm').click();
  await expect(admin.page.getByTestId('import-done')).toContainText('新建 2 个');
  await expect(admin.serviceRow('C')).toContainText('不动产登记');
  await expect(admin.serviceRow('D')).toContainText('营业执照');

  // Row 2 has no valid letter: the file is refused whole, and the row is named.
  await admin.chooseImport(hall, catalogue([row('E', '公积金提取'), { ...row('F', '医保报销'), prefix: 'ff' }]));
  const error = admin.page.getByTestId('import-error');
  await expect(error).toContainText('第 2 行');
  await expect(error).toContainText('prefix');
  await expect(admin.page.getByTestId('import-verdict')).toHaveCount(0);
  await admin.page.reload();
  await expect(admin.serviceRow('D')).toBeVisible();
  await expect(admin.serviceRow('E')).toHaveCount(0);
  await expect(admin.serviceRow('F')).toHaveCount(0);

  await ctx.close();
});

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('import: the Excel sheet exported by one hall sets up another; a sheet with one bad row writes nothing and names it', async ({ browser }) => {
  const { ctx, admin } = await signedInAdmin(browser);
  const exported = await admin.page.request.get(`/api/v1/admin/halls/${hall}/services/export.xlsx`);
  expect(exported.status()).toBe(200);
  const sheet = await exported.body();

  await admin.page.goto('/admin');
  await admin.createHall('xinan-east', '新安东便民服务站');
  await admin.chooseImport('xinan-east', { name: 'services.xlsx', mimeType: xlsxType, buffer: sheet });
  await expect(admin.page.getByTestId('import-verdict')).toContainText('A B C D');
  await admin.page.getByTestId('import-confirm').click();
  await expect(admin.page.getByTestId('import-done')).toContainText('新建 4 个');
  for (const [prefix, name] of [['A', '户籍办理'], ['B', '社会保障卡补换'], ['C', '不动产登记'], ['D', '营业执照']] as const)
    await expect(admin.serviceRow(prefix)).toContainText(name);

  // Row 2 renames A, row 3 carries a wrong letter: the whole sheet is refused at row 3.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(sheet as unknown as ArrayBuffer);
  const first = workbook.worksheets[0];
  if (!first) throw new Error('the export has no sheet');
  first.getRow(2).getCell(2).value = '户籍办理（改名）';
  first.getRow(3).getCell(1).value = 'bb';
  const bad = Buffer.from(await workbook.xlsx.writeBuffer());
  await admin.chooseImport('xinan-east', { name: 'services-bad.xlsx', mimeType: xlsxType, buffer: bad });
  await expect(admin.page.getByTestId('import-error')).toContainText('第 3 行');
  await admin.page.reload();
  await expect(admin.serviceRow('A')).toContainText('户籍办理');
  await expect(admin.serviceRow('A')).not.toContainText('改名');

  await ctx.close();
});

test('a wrong value is refused in the form, on its field, and nothing is saved', async ({ browser }) => {
  const { ctx, admin } = await signedInAdmin(browser);
  await admin.section(hall, 'services');
  await admin.page.getByTestId('service-new').click();
  const form = admin.page.getByTestId('service-form');
  await form.locator('#svc-prefix').fill('A');
  await form.locator('#svc-name').fill('重复字母');
  await form.getByTestId('service-save').click();
  // A is taken by 户籍办理: the server's refusal lands on the letter's field.
  await expect(form.getByTestId('form-error')).toBeVisible();
  await expect(form.getByTestId('error-svc-prefix')).toContainText('A');
  await form.locator('#svc-prefix').fill('');
  await form.locator('#svc-prefix').fill('Z');
  await form.locator('#svc-url').fill('not a link');
  await form.getByTestId('service-save').click();
  // Checked in the browser with the contract's own schema: nothing is sent.
  await expect(form.getByTestId('error-svc-url')).toBeVisible();
  await expect(form.getByTestId('error-svc-prefix')).toHaveCount(0);
  await admin.page.reload();
  await expect(admin.page.getByText('重复字母')).toHaveCount(0);
  await ctx.close();
});
