import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import { conditionalAcceptances, counters, halls, refusals, tickets } from '../../db/schema';
import { systemClock } from '../../server/domain/clock';
import { historyReport } from '../../server/contracts/metrics-history';
import { simulateHistory } from '../../server/simulator/run';
import { AppProcess } from './support/app-process';

// An app of its own: the simulator writes days of history (with refusals) before the app
// starts, and one 容缺 acceptance is recorded on a served visit, so every paper has its data.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/print-daily';
const mmToPt = (mm: number) => (mm / 25.4) * 72;

let app: AppProcess;
let day: string;
const ids = { served: '', refused: '' };
/** The counters that acted, as the hall names them: paper must say where the citizen was served. */
const acted = { served: '', refused: '' };

test.beforeAll(async () => {
  test.setTimeout(300_000);
  mkdirSync(shots, { recursive: true });
  app = await AppProcess.create();
  await app.start();
  await app.stop();
  await app.withDatabase(async (db) => {
    await simulateHistory(db, { days: 4, seed: 'print', scale: 1, halls: ['qiongshan'], clock: systemClock });
    const [hall] = await db.select().from(halls).where(eq(halls.slug, 'qiongshan'));
    if (!hall) throw new Error('no demo hall');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const [busiest] = await db
      .select({ day: tickets.day })
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), lt(tickets.day, today)))
      .groupBy(tickets.day)
      .orderBy(desc(tickets.day))
      .limit(1);
    if (!busiest) throw new Error('the simulator wrote no day');
    day = busiest.day;
    const [served] = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.hallId, hall.id), eq(tickets.status, 'completed'), isNotNull(tickets.token), isNotNull(tickets.startedAt), isNotNull(tickets.staffId), isNotNull(tickets.counterId)))
      .limit(1);
    const [refused] = await db
      .select({ ticketId: refusals.ticketId, counter: counters.name })
      .from(refusals)
      .innerJoin(counters, eq(counters.id, refusals.counterId))
      .where(and(eq(refusals.hallId, hall.id), eq(refusals.status, 'approved')))
      .limit(1);
    if (!served?.counterId || !served.staffId || !refused) throw new Error('the simulator wrote no served or refused visit');
    ids.served = served.id;
    ids.refused = refused.ticketId;
    const [servedAt] = await db.select({ name: counters.name }).from(counters).where(eq(counters.id, served.counterId));
    acted.served = servedAt?.name ?? '';
    acted.refused = refused.counter;
    const at = served.finishedAt ?? served.startedAt ?? new Date();
    await db.insert(conditionalAcceptances).values({
      hallId: hall.id,
      ticketId: served.id,
      rootTicketId: served.rootTicketId ?? served.id,
      serviceId: served.serviceId,
      counterId: served.counterId,
      staffId: served.staffId,
      missingItems: ['户口簿原件', '近期免冠照片 2 张'],
      commitment: 'paper',
      deadline: new Date(at.getTime() + 3 * 86_400_000),
      status: 'open',
      createdAt: at,
    });
  });
  await app.start();
});

test.afterAll(async () => {
  await app.dispose();
});

async function signIn(page: Page, path: string, username: string) {
  await page.goto(`${app.url}${path}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** The page as Chromium prints it: a PDF, its page size and count, and a PNG of page 1 to look at. */
async function printed(page: Page, name: string) {
  const pdf = `${shots}/${name}.pdf`;
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, `${shots}/${name}`]);
  return { width: Number(size?.[1]), height: Number(size?.[2]), pages };
}

test('晨会日报 equals history for the same day and prints on one A4 page; the leader pages link each other and /duty', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, `/leader/daily?day=${day}`, 'leader');
  await expect(page.getByTestId('daily-sheet')).toBeVisible();
  const res = await page.request.get(`${app.url}/api/v1/halls/qiongshan/metrics/history?from=${day}&to=${day}`);
  expect(res.status()).toBe(200);
  const history = historyReport.parse(await res.json());
  const h = history.totals;
  expect(h.issued).toBeGreaterThan(0);
  const text = (id: string) => page.getByTestId(id).textContent();
  expect(await text('daily-issued')).toBe(String(h.issued));
  expect(await text('daily-called')).toBe(String(h.called));
  expect(await text('daily-served')).toBe(String(h.served));
  expect(await text('daily-no-shows')).toBe(String(h.noShows));
  expect(await text('daily-cancelled')).toBe(String(h.cancelled));
  expect(await text('daily-avg-wait')).toBe(h.avgWaitMinutes === null ? '—' : `${h.avgWaitMinutes.toFixed(1)} 分钟`);
  expect(await text('daily-avg-service')).toBe(h.avgServiceMinutes === null ? '—' : `${h.avgServiceMinutes.toFixed(1)} 分钟`);
  const l = h.levels;
  const good = l.very_satisfied + l.satisfied + l.basically_satisfied;
  const bad = l.dissatisfied + l.very_dissatisfied;
  if (h.rated > 0) {
    expect(await text('daily-good')).toBe(String(good));
    expect(await text('daily-bad')).toBe(String(bad));
    expect(await text('daily-good-rate')).toBe(`${((good / h.rated) * 100).toFixed(1)}%`);
  }
  await expect(page.getByTestId('daily-definition')).toContainText('好评 = 非常满意 + 满意 + 基本满意');
  expect(await page.getByTestId('daily-gov-refusals').locator('[data-field=day]').textContent()).toBe(String(h.refusals));
  expect(await page.getByTestId('daily-gov-cases').locator('[data-field=day]').textContent()).toBe(String(h.cases));
  await page.screenshot({ path: `${shots}/daily-1440x900.png`, fullPage: true });

  const nav = page.getByTestId('leader-nav');
  await expect(nav.getByRole('link', { name: '值班审批' })).toHaveAttribute('href', '/duty');
  await expect(nav.getByRole('link', { name: '历史趋势' })).toHaveAttribute('href', /\/leader\/history/);
  const pdf = await printed(page, 'daily-a4');
  expect(pdf.pages).toBe(1);
  expect(Math.round(pdf.width)).toBe(595);
  expect(Math.round(pdf.height)).toBe(842);

  // A bad day is said so, not silently replaced.
  await page.goto(`${app.url}/leader/daily?day=2026-13-40`);
  await expect(page.getByTestId('daily-error')).toBeVisible();
  // History links back to the report and to /duty.
  await page.goto(`${app.url}/leader/history`);
  await expect(page.getByTestId('leader-nav').getByRole('link', { name: '晨会日报' })).toBeVisible();
  await expect(page.getByTestId('leader-nav').getByRole('link', { name: '值班审批' })).toHaveAttribute('href', '/duty');
  await context.close();
});

test('the counter reprints a slip at 58 and 80 mm and prints the receipt, the one-time notice and the 容缺 commitment', async ({ browser }) => {
  const citizen = await browser.newContext();
  const taken = await citizen.request.post(`${app.url}/api/v1/halls/qiongshan/tickets`, {
    data: { serviceId: await firstService(citizen.request) },
    headers: { 'content-type': 'application/json' },
  });
  expect(taken.status()).toBe(201);
  const { ticket } = (await taken.json()) as { ticket: { id: string; number: string } };
  await citizen.close();

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, `/print/${ticket.id}/slip?paper=58`, 'c01');
  await expect(page.getByTestId('slip-number')).toHaveText(ticket.number);
  await expect(page.getByTestId('slip-qr').locator('svg')).toBeVisible();
  const s58 = await printed(page, 'slip-58');
  expect(s58.pages).toBe(1);
  expect(s58.width).toBeCloseTo(mmToPt(58), 0);
  await page.getByTestId('paper-80').click();
  await expect(page.getByTestId('print-slip')).toHaveAttribute('data-width', '80');
  const s80 = await printed(page, 'slip-80');
  expect(s80.pages).toBe(1);
  expect(s80.width).toBeCloseTo(mmToPt(80), 0);

  // 按号补打 finds today's number and opens its slip.
  await page.goto(`${app.url}/print/find?number=${ticket.number.toLowerCase()}&paper=58`);
  await expect(page.getByTestId('slip-number')).toHaveText(ticket.number);

  await page.goto(`${app.url}/print/${ids.served}/receipt`);
  await expect(page.getByTestId('doc-receipt')).toBeVisible();
  // The visit is over, yet the paper names the counter that handled it (the seed names them "3号综合窗口").
  expect(acted.served).toMatch(/^\d+号/);
  await expect(page.getByTestId('doc-counter')).toHaveText(acted.served);
  const receipt = await printed(page, 'receipt-a4');
  expect([Math.round(receipt.width), Math.round(receipt.height), receipt.pages]).toEqual([595, 842, 1]);
  await page.goto(`${app.url}/print/${ids.served}/receipt?paper=80`);
  const receipt80 = await printed(page, 'receipt-80');
  expect(receipt80.width).toBeCloseTo(mmToPt(80), 0);

  await page.goto(`${app.url}/print/${ids.served}/commitment`);
  await expect(page.getByTestId('doc-commitment-items')).toContainText('户口簿原件');
  await expect(page.getByTestId('doc-signature')).toContainText('承诺人（签字）');
  await expect(page.getByTestId('doc-commitment-promise')).toContainText('前补齐');
  await expect(page.getByTestId('doc-counter')).toHaveText(acted.served);
  const commitment = await printed(page, 'commitment-a4');
  expect([Math.round(commitment.width), commitment.pages]).toEqual([595, 1]);

  await page.goto(`${app.url}/print/${ids.refused}/notice`);
  await expect(page.getByTestId('doc-notice-items').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('doc-counter')).toHaveText(acted.refused);
  const notice = await printed(page, 'notice-a4');
  expect([Math.round(notice.width), notice.pages]).toEqual([595, 1]);
  // A visit without an approved refusal has no notice to print.
  await page.goto(`${app.url}/print/${ticket.id}/notice`);
  await expect(page.getByTestId('print-unavailable')).toBeVisible();
  await context.close();

  // Staff only: a signed-out browser is asked to sign in and sees no slip.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await other.goto(`${app.url}/print/${ticket.id}/slip`);
  await expect(other.getByTestId('login-username')).toBeVisible();
  await expect(other.getByTestId('print-slip')).toHaveCount(0);
  await stranger.close();
});

async function firstService(request: APIRequestContext): Promise<string> {
  const res = await request.get(`${app.url}/api/v1/halls/qiongshan`);
  const body = (await res.json()) as { hall?: { services: Array<{ id: string }> }; services?: Array<{ id: string }> };
  const list = body.services ?? body.hall?.services ?? [];
  const first = list[0];
  if (!first) throw new Error('the demo hall has no services');
  return first.id;
}
