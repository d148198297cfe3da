import { expect, test } from '@playwright/test';
import { BookingPhone } from './pages/appointments';

/**
 * The booking page on the app that the specs share (the demo hall as `npm start` seeds it);
 * appointments.spec.ts runs the whole booking journey on an app of its own.
 */
const hall = 'qiongshan';
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const shots = 'test-results/appointments';

test('the booking page on the shared demo hall: services, days and slots with places left', async ({ browser }) => {
  const phone = await browser.newContext(phoneViewport);
  try {
    const citizen = new BookingPhone(await phone.newPage());
    await citizen.open(hall);
    // The instant-approval and 办不成事 services take no appointments.
    await expect(citizen.page.getByTestId('book-service-F')).toHaveCount(0);
    await expect(citizen.page.getByTestId('book-service-L')).toHaveCount(0);
    await citizen.chooseService('C');
    const days = await citizen.page.locator('[data-testid^="book-day-"]').evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-testid')?.replace('book-day-', '') ?? ''),
    );
    expect(days).toHaveLength(8);
    const weekday = days.slice(1).find((d) => [1, 2, 3, 4, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    await citizen.chooseDay(weekday ?? '');
    const open = await citizen.openSlots();
    expect(open).toHaveLength(13);
    await citizen.page.screenshot({ path: `${shots}/book-slots-390x844.png` });
    await citizen.chooseSlot(open[2] ?? '');
    const code = await citizen.book('张晓明', '13812345678');
    await citizen.page.getByTestId('booking-check-in').click();
    await citizen.page.getByTestId('check-in-submit').click();
    await expect(citizen.page.getByTestId('check-in-error')).toContainText('还没到签到时间');
    await citizen.page.screenshot({ path: `${shots}/check-in-too-early-390x844.png`, fullPage: true });
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  } finally {
    await phone.close();
  }
});
