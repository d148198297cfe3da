import { type APIRequestContext, expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { cases, defaultAppointmentSettings, halls, services } from '../../db/schema';
import { BookingPhone, TrafficRecorder } from './pages/appointments';
import { AppProcess } from './support/app-process';

const hall = 'qiongshan';
const password = process.env.DEMO_PASSWORD ?? 'demo1234';
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const fullName = '欧阳修远';
const fullPhone = '13987654321';
const shots = 'test-results/appointments';

/** Minutes since midnight in Shanghai, and the weekday there (1 = Monday). */
function shanghaiNow(): { minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return { minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

async function takeWalkIn(api: APIRequestContext, base: string, serviceId: string): Promise<string> {
  const res = await api.post(`${base}/api/v1/halls/${hall}/tickets`, { data: { serviceId, channel: 'phone' } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { ticket: { number: string } }).ticket.number;
}

test('booked on the phone, checked in, called in slot order ahead of a later walk-in; name and phone never leave the server', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(300_000);
  const app = await AppProcess.create();
  const phone = await browser.newContext(phoneViewport);
  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const kiosk = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const api = await playwright.request.newContext();
  try {
    // Seed the demo hall, then give service A one-minute slots from now on, every day, so
    // the slot we book starts within a minute and its check-in window is open at once.
    await app.start();
    await app.stop();
    const serviceA = await app.withDatabase(async (db) => {
      const [row] = await db.select().from(halls).where(eq(halls.slug, hall));
      if (!row) throw new Error('demo hall missing');
      await db
        .update(halls)
        .set({ settings: { ...row.settings, appointments: { ...defaultAppointmentSettings, slotMinutes: 1, slotCapacity: 2 } } })
        .where(eq(halls.id, row.id));
      const now = shanghaiNow().minutes;
      const [a] = await db.select().from(services).where(eq(services.hallId, row.id)).then((rows) => rows.filter((s) => s.prefix === 'A'));
      if (!a) throw new Error('service A missing');
      await db
        .update(services)
        .set({ openingHours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], from: hhmm(now), to: hhmm(Math.min(24 * 60, now + 25)) }] })
        .where(eq(services.id, a.id));
      const at = (daysAgo: number, h: number) => new Date(Date.now() - daysAgo * 86_400_000 - h * 3_600_000).toISOString();
      await db.insert(cases).values({
        hallId: row.id,
        caseNo: 'QS20261124-0031',
        serviceId: a.id,
        phone: fullPhone,
        status: 'ready',
        steps: [
          { status: 'accepted', at: at(3, 2) },
          { status: 'in_review', at: at(2, 5) },
          { status: 'approved', at: at(1, 3) },
          { status: 'ready', at: at(0, 1), note: '请携带身份证和受理回执到 1 号窗口领取营业执照' },
        ],
        acceptedAt: new Date(at(3, 2)),
        updatedAt: new Date(at(0, 1)),
      });
      return a.id;
    });
    await app.start();

    const phoneTraffic = new TrafficRecorder(phone);
    const tvTraffic = new TrafficRecorder(tv);
    const tvPage = await tv.newPage();
    await tvPage.goto(`${app.url}/display/${hall}`);

    // A walk-in who came before the appointment's slot.
    const earlier = await takeWalkIn(api, app.url, serviceA);

    const citizen = new BookingPhone(await phone.newPage(), app.url);
    await citizen.open(hall);
    await citizen.chooseService('A');
    const open = await citizen.openSlots();
    const slot = open.find((s) => new Date(s).getTime() >= Date.now() + 30_000);
    expect(slot, `a slot at least 30 s ahead among ${open.join(', ')}`).toBeTruthy();
    const slotStart = slot ?? '';
    await citizen.chooseSlot(slotStart);
    await citizen.page.screenshot({ path: `${shots}/flow-book.png`, fullPage: true });
    const code = await citizen.book(fullName, fullPhone);
    await expect(citizen.page.getByTestId('booking-name')).toHaveText('欧**远');
    await expect(citizen.page.getByTestId('booking-phone')).toHaveText('139****4321');
    await expect(citizen.page.locator('.done-qr-image svg')).toBeVisible();
    await citizen.page.screenshot({ path: `${shots}/confirmation-390x844.png`, fullPage: true });

    // Check in from the confirmation's link: the code is filled in, the ticket page follows.
    await citizen.page.getByTestId('booking-check-in').click();
    await expect(citizen.page.getByTestId('check-in-code')).toHaveValue(code);
    await citizen.page.screenshot({ path: `${shots}/check-in-phone-390x844.png`, fullPage: true });
    await citizen.page.getByTestId('check-in-submit').click();
    await citizen.page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    const number = (await citizen.page.getByTestId('ticket-number').textContent())?.trim() ?? '';
    expect(number).toMatch(/^A\d{3}$/);

    // A second appointment checked in at the kiosk, with the on-screen keys.
    const second = await api.post(`${app.url}/api/v1/halls/${hall}/appointments`, {
      data: { serviceId: serviceA, slotStart, name: '李晓梅', phone: '13700001111' },
    });
    expect(second.status()).toBe(201);
    const secondCode = ((await second.json()) as { appointment: { code: string } }).appointment.code;
    const kioskPage = await kiosk.newPage();
    await kioskPage.goto(`${app.url}/h/${hall}/check-in?kiosk=1`);
    for (const ch of secondCode) await kioskPage.locator(`.keypad-key[data-key="${ch}"]`).click();
    await expect(kioskPage.getByTestId('check-in-code')).toHaveValue(secondCode);
    await kioskPage.screenshot({ path: `${shots}/check-in-kiosk-entry-1080x1920.png` });
    await kioskPage.getByTestId('check-in-submit').click();
    const kioskNumber = kioskPage.getByTestId('check-in-number');
    await expect(kioskNumber).toHaveText(/^A\d{3}$/);
    const secondNumber = (await kioskNumber.textContent())?.trim() ?? '';
    await kioskPage.screenshot({ path: `${shots}/check-in-kiosk-done-1080x1920.png` });

    // A walk-in who comes after the slot has begun.
    const wait = new Date(slotStart).getTime() + 1_500 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const later = await takeWalkIn(api, app.url, serviceA);

    // Counter 1 (it serves A) calls four times: the earlier walk-in, the two appointments
    // in the order they checked in (same slot), then the later walk-in.
    const desk = await playwright.request.newContext({ baseURL: app.url });
    try {
      expect((await desk.post('/api/v1/auth/login', { data: { username: 'c01', password } })).status()).toBe(200);
      const me = (await (await desk.get('/api/v1/me')).json()) as { me: { counterId: string } };
      const called: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await desk.post(`/api/v1/counters/${me.me.counterId}/call-next`, { data: {} });
        expect(res.status()).toBe(200);
        called.push(((await res.json()) as { ticket: { number: string } }).ticket.number);
        expect((await desk.post(`/api/v1/counters/${me.me.counterId}/no-show`, { data: {} })).status()).toBe(200);
      }
      expect(called).toEqual([earlier, number, secondNumber, later]);
    } finally {
      await desk.dispose();
    }
    await expect(tvPage.getByTestId('display-latest-number')).toHaveText(later);

    // 办件查询 on the phone: the timeline of a case with its times.
    const casePage = await phone.newPage();
    await casePage.goto(`${app.url}/case`);
    await casePage.getByTestId('case-no').fill('QS20261124-0031');
    await casePage.getByTestId('case-last4').fill('0000');
    await casePage.getByTestId('case-submit').click();
    await expect(casePage.getByTestId('case-error')).toBeVisible();
    await casePage.getByTestId('case-last4').fill('4321');
    await casePage.getByTestId('case-submit').click();
    await expect(casePage.getByTestId('case-status')).toHaveText('待领取');
    await expect(casePage.getByTestId('case-timeline').locator('li')).toHaveCount(4);
    await casePage.screenshot({ path: `${shots}/case-timeline-390x844.png`, fullPage: true });

    // Nothing the phone or the hall TV received holds the full name or the full phone.
    const phoneSeen = await phoneTraffic.everything();
    const tvSeen = await tvTraffic.everything();
    expect(phoneSeen.some((text) => text.includes('139****4321')), 'the recorder saw the masked phone').toBe(true);
    expect(tvTraffic.frames.length, 'the TV received frames').toBeGreaterThan(0);
    for (const text of [...phoneSeen, ...tvSeen]) {
      expect(text).not.toContain(fullName);
      expect(text).not.toContain(fullPhone);
    }
  } finally {
    await Promise.all([phone.close(), tv.close(), kiosk.close(), api.dispose()]);
    await app.dispose();
  }
});
