import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { conditionalAcceptances } from '../../db/schema';
import { CounterConsole } from './pages';
import { AppProcess } from './support/app-process';

// 容缺受理 and the volunteer's tablet, on an app and database of their own: the test moves
// deadlines in the database, which no other spec must see.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/conditional';
const dayMs = 86_400_000;

let app: AppProcess;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  // A process of its own boots, migrates and seeds: more than a test's minute on a busy machine.
  test.setTimeout(180_000);
  app = await AppProcess.create();
  await app.start();
});

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});

test.afterAll(async () => {
  await app.dispose();
});

async function open(browser: Browser, viewport: { width: number; height: number }, mobile = false): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, viewport, isMobile: mobile, hasTouch: mobile });
  contexts.push(context);
  return context.newPage();
}

async function serviceId(page: Page, prefix: string): Promise<string> {
  const hall = (await (await page.request.get('/api/v1/halls/qiongshan')).json()) as { services: Array<{ id: string; prefix: string }> };
  const service = hall.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix}`);
  return service.id;
}

async function take(page: Page, prefix: string, extra: Record<string, unknown> = {}): Promise<{ id: string; number: string; token: string }> {
  const response = await page.request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(page, prefix), ...extra } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { ticket: { id: string; number: string; token: string } }).ticket;
}

async function signInLeader(page: Page, path: string) {
  await page.goto(path);
  await page.getByTestId('login-username').fill('leader');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Shanghai's calendar day of an instant. */
const shanghaiDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
/** The last millisecond of a Shanghai calendar day. */
const endOfShanghaiDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + dayMs - 1);

test('容缺受理 from the keyboard; the citizen confirms on the phone; reminder, overdue on /counter and /duty, fulfilled from the panel', async ({ browser }) => {
  const phone = await open(browser, { width: 390, height: 844 }, true);
  const first = await take(phone, 'C', { channel: 'phone', phone: '13812345678' });
  const second = await take(phone, 'C', { channel: 'phone' });

  const desk = new CounterConsole(await open(browser, { width: 1440, height: 900 }));
  await desk.signIn('c07', password);
  await expect(desk.page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // The whole acceptance without the mouse: call, start, A, the items, Tab to the case number, Enter.
  await desk.press('F1');
  await desk.expectCurrent(first.number, 'called');
  await desk.press('s');
  await desk.expectCurrent(first.number, 'serving');
  await desk.press('a');
  const dialog = desk.page.getByTestId('conditional-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conditional-items')).toBeFocused();
  await desk.page.keyboard.type('婚姻状况证明');
  await desk.page.keyboard.press('Enter');
  await desk.page.keyboard.type('契税完税凭证');
  await expect(dialog.getByTestId('conditional-limit')).toContainText('3 个工作日');
  const latest = await dialog.getByTestId('conditional-deadline').inputValue();
  expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await desk.press('Tab');
  await expect(dialog.locator('input[value="phone"]')).toBeFocused();
  // Past the deadline (the date field keeps the latest day allowed; its parts are tab stops).
  const caseField = dialog.getByTestId('conditional-case');
  for (let i = 0; i < 5 && !(await caseField.evaluate((el) => el === document.activeElement)); i += 1) await desk.press('Tab');
  await expect(caseField).toBeFocused();
  await desk.page.keyboard.type('QS-E2E-0001');
  await desk.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(desk.page.getByTestId('console-info')).toContainText(first.number);
  await desk.expectNoCurrent();
  const item = desk.page.locator(`[data-testid="conditional-item"][data-number="${first.number}"]`);
  await expect(item).toBeVisible();
  await expect(item).toContainText('婚姻状况证明、契税完税凭证');
  await expect(item).toContainText('待群众确认');

  // The citizen's page shows what is missing and takes the commitment.
  await phone.goto(`/t/${first.token}`);
  const card = phone.getByTestId('conditional-card');
  await expect(card).toHaveAttribute('data-status', 'awaiting_commitment');
  await expect(card.getByTestId('conditional-missing')).toContainText('婚姻状况证明');
  await expect(card.getByTestId('conditional-deadline')).toContainText(latest);
  await expect(card).toContainText('QS-E2E-0001');
  await card.getByTestId('conditional-confirm-commitment').click();
  await expect(card).toHaveAttribute('data-status', 'open');
  await expect(card.getByTestId('conditional-confirmed')).toBeVisible();
  // …and the counter sees it live.
  await expect(item).toContainText('待补齐');

  // The second citizen signs a paper commitment (through the API, as another counter would).
  await desk.press('F1');
  await desk.expectCurrent(second.number, 'called');
  await desk.press('s');
  const me = await desk.state();
  const accepted = await desk.page.request.post(`/api/v1/counters/${me.counter.id}/conditional-acceptances`, {
    data: { missingItems: ['经公证的授权委托书'], commitment: 'paper' },
  });
  expect(accepted.status()).toBe(201);

  // Days pass: move the first deadline to tomorrow and the second into the past.
  await app.stop();
  await app.withDatabase(async (db) => {
    const rows = await db.select().from(conditionalAcceptances);
    for (const row of rows) {
      const deadline = row.ticketId === first.id ? endOfShanghaiDay(shanghaiDay(Date.now() + dayMs)) : endOfShanghaiDay(shanghaiDay(Date.now() - 2 * dayMs));
      await db.update(conditionalAcceptances).set({ deadline }).where(eq(conditionalAcceptances.id, row.id));
    }
  });
  await app.start();

  await phone.goto(`/t/${first.token}`);
  await expect(phone.getByTestId('conditional-card')).toHaveAttribute('data-reminder', 'true');
  await expect(phone.getByTestId('conditional-reminder')).toContainText('还有 1 天');
  await phone.screenshot({ path: `${shots}/ticket-reminder-390.png`, fullPage: true });
  await phone.goto(`/t/${second.token}`);
  await expect(phone.getByTestId('conditional-card')).toHaveAttribute('data-overdue', 'true');
  await expect(phone.getByTestId('conditional-overdue')).toBeVisible();

  const leader = await open(browser, { width: 390, height: 844 }, true);
  await signInLeader(leader, '/duty');
  const dutyItem = leader.locator(`[data-testid="duty-conditional-item"][data-number="${second.number}"]`);
  await expect(dutyItem).toHaveAttribute('data-overdue', 'true');
  await expect(leader.getByTestId('duty-conditional-overdue')).toContainText('1');
  await expect(leader.locator(`[data-testid="duty-conditional-item"][data-number="${first.number}"]`)).toHaveAttribute('data-overdue', 'false');
  await leader.getByTestId('duty-conditional').scrollIntoViewIfNeeded();
  await leader.screenshot({ path: `${shots}/duty-conditional-390.png`, fullPage: true });

  await desk.page.reload();
  await expect(desk.page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const overdueItem = desk.page.locator(`[data-testid="conditional-item"][data-number="${second.number}"]`);
  await expect(overdueItem).toHaveAttribute('data-overdue', 'true');
  await expect(desk.page.getByTestId('conditional-overdue-count')).toContainText('1');

  // The screenshot for review: the dialog over a console whose panel shows the overdue item.
  const third = await take(phone, 'C', { channel: 'kiosk' });
  await desk.press('F1');
  await desk.expectCurrent(third.number, 'called');
  await desk.press('s');
  await desk.expectCurrent(third.number, 'serving');
  await desk.press('a');
  await expect(dialog).toBeVisible();
  await desk.page.keyboard.type('不动产权证书原件');
  await desk.page.screenshot({ path: `${shots}/counter-conditional-1440.png` });
  await desk.press('Escape');
  await expect(dialog).toBeHidden();
  await desk.page.screenshot({ path: `${shots}/counter-overdue-panel-1440.png` });

  // D goes to the panel; the overdue item is first, Enter opens "received", Enter confirms.
  await desk.press('d');
  await expect(overdueItem.getByTestId('conditional-fulfil')).toBeFocused();
  await desk.press('Enter');
  await expect(desk.page.getByTestId('fulfil-dialog')).toBeVisible();
  await desk.press('Enter');
  await expect(desk.page.getByTestId('fulfil-dialog')).toBeHidden();
  await expect(overdueItem).toBeHidden();
  await expect(desk.page.getByTestId('conditional-overdue-count')).toBeHidden();
  await expect(dutyItem).toBeHidden();
});

test('a volunteer takes a priority number on the tablet; it is called before the normal ones waiting', async ({ browser }) => {
  const kiosk = await open(browser, { width: 1080, height: 1920 });
  const normals = [];
  for (let i = 0; i < 4; i += 1) normals.push(await take(kiosk, 'G', { channel: 'kiosk' }));
  // An anonymous request cannot give itself a priority class.
  const refused = await kiosk.request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(kiosk, 'G'), priorityClass: 'elderly' } });
  expect(refused.status()).toBe(403);

  // Counter 5 takes its three normal tickets first (one priority after every three normal).
  const desk = new CounterConsole(await open(browser, { width: 1440, height: 900 }));
  await desk.signIn('c05', password);
  const me = await desk.state();
  for (let i = 0; i < 3; i += 1) {
    for (const action of ['call-next', 'start', 'complete']) {
      const response = await desk.page.request.post(`/api/v1/counters/${me.counter.id}/${action}`, { data: {} });
      expect(response.status()).toBe(200);
    }
  }

  const tablet = await open(browser, { width: 1280, height: 800 }, true);
  await tablet.goto('/volunteer');
  await tablet.getByTestId('login-username').fill('volunteer');
  await tablet.getByTestId('login-password').fill(password);
  await tablet.getByTestId('login-submit').click();
  await tablet.getByTestId('volunteer-service-G').click();
  await tablet.getByTestId('volunteer-class-elderly').click();
  await tablet.getByTestId('volunteer-phone').fill('13700001111');
  await tablet.getByTestId('volunteer-submit').click();
  const number = tablet.getByTestId('volunteer-number');
  await expect(number).toHaveText(/^G\d{3}$/);
  const priorityNumber = (await number.textContent())?.trim() ?? '';
  await expect(tablet.getByTestId('volunteer-qr').locator('img')).toBeVisible();
  await expect(tablet.getByTestId('volunteer-qr')).toHaveAttribute('data-url', /\/t\/[A-Za-z0-9_-]{22,}$/);
  await expect(tablet.locator(`[data-testid="volunteer-recent"] li[data-number="${priorityNumber}"]`)).toContainText('老年人');
  await tablet.screenshot({ path: `${shots}/volunteer-1280.png` });

  // The fourth normal ticket has waited longer, yet the elderly citizen is called first.
  await desk.page.reload();
  await desk.ready();
  await expect(desk.page.getByTestId('call-next-preview')).toContainText(priorityNumber);
  await desk.press('F1');
  await desk.expectCurrent(priorityNumber, 'called');
  const state = await desk.state();
  expect(state.queue.map((q) => q.number)).toContain(normals[3]?.number);

  // Served and accepted with a case number, from the keyboard: the 办件 exists and moves on.
  await desk.press('s');
  await desk.expectCurrent(priorityNumber, 'serving');
  await desk.press('c');
  const complete = desk.dialog('complete');
  await expect(complete).toBeVisible();
  await desk.press('2', 'Tab');
  await expect(complete.getByTestId('complete-case')).toBeFocused();
  await desk.page.keyboard.type('QS-E2E-0002');
  await desk.press('Enter');
  await expect(complete).toBeHidden();
  await desk.expectNoCurrent();
  const progressed = await desk.page.request.post('/api/v1/cases/QS-E2E-0002/progress', { data: { status: 'in_review' } });
  expect(progressed.status()).toBe(200);
});
