import { mkdirSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { type Page, expect, test } from '@playwright/test';
import { halls, services, settingsOf } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { AppProcess } from './support/app-process';

/**
 * The 取号 refusals a citizen can meet, on an app of this spec's own with the rate limits on
 * (the shared app runs without them): each must read as a plain sentence on the phone.
 */
const shots = 'test-results/citizen';
mkdirSync(shots, { recursive: true });

let app: AppProcess;
/** The hour (Shanghai) at which the closed service opens, and how the page says it. */
let opens: { hour: string; words: string };

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await AppProcess.create({ env: { RATE_LIMITS: 'on' } });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', weekday: 'short', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const today = weekdays.indexOf(parts.weekday ?? 'Mon') + 1;
  const later = Number(parts.hour) + 2;
  const hour = String(later % 24).padStart(2, '0');
  const weekday = later >= 24 ? (today % 7) + 1 : today;
  opens = { hour, words: `${later >= 24 ? '明天' : '今天'} ${hour}:00` };
  await app.withDatabase(async (db) => {
    await seedDemo(db, { password: 'demo1234', passwordHashRounds: 4 });
    for (const slug of ['qiongshan', 'dayuan']) {
      const [hall] = await db.select().from(halls).where(eq(halls.slug, slug));
      if (!hall) throw new Error(`no demo hall ${slug}`);
      const limits =
        slug === 'qiongshan'
          ? { ticketsPerPhonePerDay: 1, ticketsPerIpPerHour: null, casesPerIpPerDay: 1 }
          : { ticketsPerPhonePerDay: null, ticketsPerIpPerHour: 2 };
      await db
        .update(halls)
        .set({ settings: { ...settingsOf(hall), enforceHours: true, ...limits } })
        .where(eq(halls.id, hall.id));
      // Every service open around the clock but one, which opens two hours from now.
      await db.update(services).set({ openingHours: [] }).where(eq(services.hallId, hall.id));
    }
    const [qiongshan] = await db.select().from(halls).where(eq(halls.slug, 'qiongshan'));
    const hallId = qiongshan?.id ?? '';
    await db
      .update(services)
      .set({ openingHours: [{ weekdays: [weekday], from: `${hour}:00`, to: `${hour}:59` }] })
      .where(and(eq(services.hallId, hallId), eq(services.prefix, 'B')));
    await db.update(services).set({ dailyCap: 1 }).where(and(eq(services.hallId, hallId), eq(services.prefix, 'C')));
  });
  await app.start();
});

test.afterAll(async () => {
  await app.dispose();
});

async function serviceId(page: Page, hall: string, prefix: string): Promise<string> {
  const detail = (await (await page.request.get(`${app.url}/api/v1/halls/${hall}`)).json()) as { services: Array<{ id: string; prefix: string }> };
  return detail.services.find((s) => s.prefix === prefix)?.id ?? '';
}

async function tryTake(page: Page, prefix: string, phone?: string) {
  await page.getByTestId(`service-${prefix}`).click();
  await page.getByTestId('take-phone').fill(phone ?? '');
  await page.getByTestId('take-confirm').click();
}

test('closed hours, a full day and the per-phone and per-address limits are answered in plain words', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.goto(`${app.url}/h/qiongshan`);

    // Closed: the card says when numbers start; a page left open past closing hears it from the server.
    await expect(page.getByTestId('home-closed-B')).toHaveText(`暂停取号 · ${opens.words} 开始取号`);
    await expect(page.getByTestId('service-B')).toBeDisabled();
    await page.getByTestId('service-B').evaluate((button) => {
      (button as HTMLButtonElement).disabled = false;
    });
    await tryTake(page, 'B');
    await expect(page.getByTestId('take-error')).toHaveText(`“施工许可”现在不在取号时间，${opens.words}开始取号。`);
    await page.screenshot({ path: `${shots}/take-error-closed.png` });
    await page.getByRole('button', { name: '不取了' }).click();

    // The day's numbers are gone.
    const taken = await page.request.post(`${app.url}/api/v1/halls/qiongshan/tickets`, { data: { serviceId: await serviceId(page, 'qiongshan', 'C') } });
    expect(taken.status()).toBe(201);
    await tryTake(page, 'C');
    await expect(page.getByTestId('take-error')).toHaveText('“不动产登记”今天的 1 个号已经取完了。请明天再来，或先预约。');
    await page.screenshot({ path: `${shots}/take-error-daily-cap.png` });
    await page.getByRole('button', { name: '不取了' }).click();

    // One number a day per phone in this hall: the first goes through, the second is refused.
    await tryTake(page, 'A', '13812345678');
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    await page.goto(`${app.url}/h/qiongshan`);
    await tryTake(page, 'D', '13812345678');
    await expect(page.getByTestId('take-error')).toHaveText(
      '这个手机号今天已经取了 1 个号，每个手机号每天最多取 1 个。请明天再来，或请大厅工作人员帮忙。',
    );
    await page.screenshot({ path: `${shots}/take-error-phone-limit.png` });
    // Another phone, or none, is not held back by it.
    await page.getByTestId('take-phone').fill('13912345678');
    await page.getByTestId('take-confirm').click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);

    // Two an hour from one address in the community station.
    const station = await serviceId(page, 'dayuan', 'A');
    for (let i = 0; i < 2; i++) {
      expect((await page.request.post(`${app.url}/api/v1/halls/dayuan/tickets`, { data: { serviceId: station } })).status()).toBe(201);
    }
    await page.goto(`${app.url}/h/dayuan`);
    await tryTake(page, 'A');
    await expect(page.getByTestId('take-error')).toHaveText(/^取号太频繁了，请 \d+ 分钟后再试。在大厅里也可以到取号机取号。$/);
    await page.screenshot({ path: `${shots}/take-error-ip-limit.png` });
  } finally {
    await context.close();
  }
});

test('the ticket page says a refused 办不成事 in plain Chinese, with no English from the server', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const taken = await page.request.post(`${app.url}/api/v1/halls/qiongshan/tickets`, { data: { serviceId: await serviceId(page, 'qiongshan', 'A') } });
    expect(taken.status()).toBe(201);
    const { ticket } = (await taken.json()) as { ticket: { token: string } };
    // One 办不成事 a day from this address (the hall's setting): the first goes through.
    const first = await page.request.post(`${app.url}/api/v1/halls/qiongshan/unresolved-cases`, {
      data: { description: '材料被退回三次，没有一次说清楚缺什么', ticketToken: ticket.token },
    });
    expect(first.status()).toBe(201);

    await page.goto(`${app.url}/t/${ticket.token}`);
    await page.getByTestId('btn-case-report').tap();
    await page.getByTestId('case-description').fill('窗口说系统不支持，让我改天再来');
    await page.getByTestId('case-submit').tap();
    const error = page.locator('form.case-form [data-error]');
    await expect(error).toHaveText('此网络今天提交的次数已达上限，请明天再试，或到大厅服务台办理');
    expect(await error.textContent()).not.toMatch(/[A-Za-z]/);
    await page.screenshot({ path: `${shots}/ticket-case-limit.png`, fullPage: true });
  } finally {
    await context.close();
  }
});
