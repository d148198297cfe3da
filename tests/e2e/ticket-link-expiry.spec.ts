import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect, request, test } from '@playwright/test';
import { halls, services, settingsOf, tickets } from '../../db/schema';
import { addDays, startOfLocalDay } from '../../server/domain/hall-day';
import { localTime } from '../../server/domain/hall-time';
import { seedDemo } from '../../db/seed';
import { AppProcess } from './support/app-process';
import { signedInPage } from './support/sign-in';

/**
 * Personal data that expires, as the citizen and the admin meet it, on an app of this spec's
 * own: a ticket link of a visit that ended two days ago says in Chinese since when it no
 * longer works and leads to the hall's home; the phone fields say how long the number is
 * kept, from the hall's settings (set here to 14 and 90 days); /admin shows the settings.
 */
const shots = 'test-results/retention';
mkdirSync(shots, { recursive: true });

let app: AppProcess;
const token = randomBytes(24).toString('base64url');
let endedDay = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await AppProcess.create({ env: { DEMO_TRAFFIC: '0' } });
  await app.withDatabase(async (db) => {
    await seedDemo(db, { password: 'demo1234', passwordHashRounds: 4 });
    const [hall] = await db.select().from(halls).where(eq(halls.slug, 'qiongshan'));
    if (!hall) throw new Error('no demo hall');
    await db
      .update(halls)
      .set({ settings: { ...settingsOf(hall), contactRetentionDays: 14, caseRetentionDays: 90 } })
      .where(eq(halls.id, hall.id));
    const [service] = await db.select().from(services).where(and(eq(services.hallId, hall.id), eq(services.prefix, 'A')));
    if (!service) throw new Error('no service A');
    // A visit two hall days ago, served and finished that morning.
    endedDay = addDays(localTime(new Date(), hall.timeZone).day, -2);
    const morning = new Date(startOfLocalDay(endedDay, hall.timeZone).getTime() + 9 * 3_600_000);
    const [ticket] = await db
      .insert(tickets)
      .values({
        hallId: hall.id,
        serviceId: service.id,
        day: endedDay,
        seq: 901,
        number: 'A901',
        channel: 'web',
        status: 'completed',
        queuedAt: morning,
        issuedAt: morning,
        calledAt: morning,
        startedAt: morning,
        finishedAt: new Date(morning.getTime() + 10 * 60_000),
        token,
      })
      .returning({ id: tickets.id });
    await db.update(tickets).set({ rootTicketId: ticket?.id }).where(eq(tickets.token, token));
  });
  await app.start();
});

test.afterAll(async () => {
  await app?.dispose();
});

test('an ended visit’s link says since when it no longer works and leads to the hall home', async ({ browser }) => {
  const api = await request.newContext({ baseURL: app.url });
  const answer = await api.get(`/api/v1/tickets/${token}`);
  expect(answer.status()).toBe(404);
  const body = (await answer.json()) as { error: { code: string; reason: string; details: { expiredAt: string; hall: string } } };
  expect(body.error).toMatchObject({ code: 'NOT_FOUND', reason: 'LINK_EXPIRED', details: { hall: 'qiongshan' } });
  // The end of the hall day on which the visit ended: the next local midnight.
  expect(body.error.details.expiredAt).toBe(startOfLocalDay(addDays(endedDay, 1), 'Asia/Shanghai').toISOString());

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const response = await page.goto(`${app.url}/t/${token}`);
  expect(response?.status()).toBe(404);
  const [y, m, d] = addDays(endedDay, 1).split('-').map(Number);
  await expect(page.getByTestId('ticket-link-expired')).toContainText(`此取号链接已于${y}年${m}月${d}日 00:00失效`);
  await page.screenshot({ path: `${shots}/ticket-link-expired-390x844.png`, fullPage: true });
  await page.getByTestId('not-found-back').click();
  await expect(page).toHaveURL(/\/h\/qiongshan$/);
  await context.close();
});

test('the phone fields say how long the number is kept', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${app.url}/h/qiongshan`);
  await page.getByTestId('service-A').click();
  await expect(page.getByTestId('take-phone-kept')).toHaveText('手机号只用于上面所写的用途，办事 14 天后自动清除。');
  await page.screenshot({ path: `${shots}/take-sheet-390x844.png` });
  await page.goto(`${app.url}/h/qiongshan/book`);
  await expect(page.getByTestId('book-phone-kept')).toContainText('90 天后，姓名和手机号自动清除');
  await page.screenshot({ path: `${shots}/book-390x844.png`, fullPage: true });
  await context.close();

  const tablet = await signedInPage(browser, `${app.url}/volunteer`, 'volunteer', { width: 1280, height: 800 });
  await expect(tablet.getByTestId('volunteer-phone-kept')).toHaveText('手机号只用于上面所写的用途，办事 14 天后自动清除。');
  await tablet.screenshot({ path: `${shots}/volunteer-1280x800.png` });

  const admin = await signedInPage(browser, `${app.url}/admin/qiongshan/settings`, 'admin', { width: 1440, height: 900 });
  const privacy = admin.getByTestId('settings-group-privacy');
  await expect(privacy).toContainText('群众手机号保存天数');
  await privacy.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: `${shots}/admin-settings-1440x900.png` });
});
