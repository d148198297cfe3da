import { type Browser, type Page, expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { defaultAppointmentSettings, halls, services } from '../../db/schema';
import { BookingPhone } from './pages/appointments';
import { AppProcess } from './support/app-process';

/**
 * On an app of its own (its demo hall gets slots starting now, whatever the time of day):
 * staff see today's appointments at the counter, on /duty and on the leaders' screen, live;
 * the citizen cancels a booking from its confirmation page.
 */
const hall = 'qiongshan';
const password = process.env.DEMO_PASSWORD ?? 'demo1234';
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/appointments-staff';

function shanghaiMinutes(): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

async function signedIn(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  return page;
}

test("staff see today's appointments live; the citizen cancels one from its confirmation", async ({ browser }) => {
  test.setTimeout(300_000);
  const app = await AppProcess.create();
  const phone = await browser.newContext(phoneViewport);
  try {
    await app.start();
    await app.stop();
    await app.withDatabase(async (db) => {
      const [row] = await db.select().from(halls).where(eq(halls.slug, hall));
      if (!row) throw new Error('demo hall missing');
      await db
        .update(halls)
        .set({ settings: { ...row.settings, appointments: { ...defaultAppointmentSettings, slotMinutes: 5, slotCapacity: 2 } } })
        .where(eq(halls.id, row.id));
      // Service A opens from the next 5 minutes on, every day, so today has slots to book at any hour.
      const from = Math.ceil((shanghaiMinutes() + 1) / 5) * 5;
      const [a] = (await db.select().from(services).where(eq(services.hallId, row.id))).filter((s) => s.prefix === 'A');
      if (!a || from > 23 * 60) throw new Error('no room for slots today');
      await db
        .update(services)
        .set({ openingHours: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], from: hhmm(from), to: hhmm(Math.min(24 * 60 - 1, from + 40)) }] })
        .where(eq(services.id, a.id));
    });
    await app.start();

    const counter = await signedIn(browser, `${app.url}/counter`, 'c01');
    const panel = counter.getByTestId('counter-appointments');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('本窗口所办事项今天没有预约');
    const duty = await signedIn(browser, `${app.url}/duty`, 'leader');
    const counts = duty.getByTestId('hall-appointments');
    await expect(counts).toContainText('今天没有预约');

    // Two bookings today in the first slot.
    const citizen = new BookingPhone(await phone.newPage(), app.url);
    await citizen.open(hall);
    await citizen.chooseService('A');
    const [first] = await citizen.openSlots();
    await citizen.chooseSlot(first ?? '');
    const keep = await citizen.book('欧阳修远', '13987654321');
    await citizen.page.getByRole('button', { name: '再约一个' }).click();
    await citizen.chooseService('A');
    await citizen.chooseSlot(first ?? '');
    const drop = await citizen.book('李白', '13911112222');
    expect(drop).not.toBe(keep);

    // The counter sees both, masked, without a reload; the duty leader the count for the slot.
    const rows = panel.getByTestId('counter-appointment');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: '欧**远' })).toHaveAttribute('data-status', 'booked');
    await expect(rows.filter({ hasText: '李*' })).toContainText('待签到');
    await expect(panel).not.toContainText('欧阳修远');
    // A booking still waiting shows its phone masked; the clerk reads it whole with a reason (预约变更).
    const waiting = rows.filter({ hasText: '欧**远' }).getByTestId('reveal-phone');
    await expect(waiting).toContainText('139****4321');
    await expect(panel).not.toContainText('13987654321');
    await waiting.getByTestId('reveal-open').click();
    await waiting.getByTestId('reveal-reason-appointment_change').check();
    await waiting.getByTestId('reveal-confirm').click();
    await expect(waiting.getByTestId('revealed-phone')).toHaveText('13987654321');
    await panel.scrollIntoViewIfNeeded();
    await counter.screenshot({ path: `${shots}/counter-reveal-1440x900.png` });
    await expect(duty.getByTestId('hall-appointment-totals').locator('[data-col="booked"]')).toHaveText('2');

    // A wrong last 4 digits is refused and changes nothing; the right ones cancel.
    await citizen.page.getByTestId('booking-cancel').click();
    await expect(citizen.page.getByTestId('booking-cancel-last4')).toHaveValue('2222');
    await citizen.page.getByTestId('booking-cancel-last4').fill('0000');
    await citizen.page.getByTestId('booking-cancel-confirm').click();
    await expect(citizen.page.getByTestId('booking-cancel-error')).toHaveText('手机号后 4 位与本预约不符，请核对。');
    await citizen.page.screenshot({ path: `${shots}/cancel-wrong-390x844.png`, fullPage: true });
    await citizen.page.getByTestId('booking-cancel-last4').fill('2222');
    await citizen.page.getByTestId('booking-cancel-confirm').click();
    await expect(citizen.page.getByTestId('booking-cancelled')).toContainText('预约已取消');
    await expect(citizen.page.getByTestId('booking-check-in')).toHaveCount(0);
    await citizen.page.screenshot({ path: `${shots}/cancelled-390x844.png`, fullPage: true });
    // The confirmation keeps its address: after a reload it still says cancelled.
    expect(citizen.page.url()).toContain(`code=${drop}`);
    await citizen.page.reload();
    await expect(citizen.page.getByTestId('booking-done')).toHaveAttribute('data-status', 'cancelled');
    await expect(citizen.page.getByTestId('booking-cancel')).toHaveCount(0);

    await expect(rows.filter({ hasText: '李*' })).toHaveAttribute('data-status', 'cancelled');
    await expect(duty.getByTestId('hall-appointment-totals').locator('[data-col="cancelled"]')).toHaveText('1');
    await expect(duty.getByTestId('hall-appointment-totals').locator('[data-col="booked"]')).toHaveText('1');

    // Check-in of the other: the counter reads 已签到 with its number, live.
    await citizen.page.goto(`${app.url}/h/${hall}/check-in?code=${keep}`);
    await citizen.page.getByTestId('check-in-submit').click();
    await expect(rows.filter({ hasText: '欧**远' })).toHaveAttribute('data-status', 'checked_in');
    await expect(rows.filter({ hasText: '欧**远' })).toContainText(/已签到 · 号码 A\d{3}/);
    // Checked in, the citizen is in the queue: the booking no longer offers the phone.
    await expect(rows.filter({ hasText: '欧**远' }).getByTestId('reveal-phone')).toHaveCount(0);
    await expect(duty.getByTestId('hall-appointment-totals').locator('[data-col="checkedIn"]')).toHaveText('1');
    await panel.scrollIntoViewIfNeeded();
    await counter.screenshot({ path: `${shots}/counter-1440x900.png`, fullPage: true });
    await counts.scrollIntoViewIfNeeded();
    await duty.screenshot({ path: `${shots}/duty-1440x900.png`, fullPage: true });

    // The leaders' big screen does not scroll: its header leads to the same table on /duty.
    const leader = await signedIn(browser, `${app.url}/leader/${hall}`, 'leader');
    await leader.getByTestId('leader-appointments-link').click();
    await expect(leader).toHaveURL(/\/duty#appointments$/);
    await expect(leader.getByTestId('hall-appointments').getByTestId('hall-appointment-slot')).toHaveCount(1);
    await expect(leader.getByTestId('hall-appointments')).toBeInViewport();
    await leader.screenshot({ path: `${shots}/leader-1440x900.png` });
    await Promise.all([counter.context().close(), duty.context().close(), leader.context().close()]);
  } finally {
    await phone.close();
    await app.dispose();
  }
});
