import { expect, test } from '@playwright/test';
import { CounterConsole, HallDisplay, PhonePage } from './pages';

interface HallDetail {
  services: Array<{ id: string; prefix: string; kind: string }>;
  counters: Array<{ number: number; serviceIds: string[]; status: string }>;
}

test('a phone takes a number, the counter calls it, the TV and the phone show it', async ({ browser, request }) => {
  const hall = (await (await request.get('/api/v1/halls/qiongshan')).json()) as HallDetail;
  const counterOne = hall.counters.find((c) => c.number === 1);
  const service = hall.services.find((s) => counterOne?.serviceIds.includes(s.id) && s.kind === 'normal');
  expect(service, 'counter 1 serves a normal service').toBeTruthy();
  const prefix = service?.prefix ?? '';

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const desk = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const display = new HallDisplay(await tv.newPage());
    await display.open('qiongshan');

    const citizen = new PhonePage(await phone.newPage());
    const number = await citizen.takeNumber('qiongshan', prefix);
    await expect(citizen.page.getByTestId('ticket-status')).toContainText('等候');

    const counter = new CounterConsole(await desk.newPage());
    await counter.signIn('c01', process.env.DEMO_PASSWORD ?? 'demo1234');
    expect(await counter.callNext()).toBe(number);

    await display.expectLatestCall(number, 1);
    await citizen.expectCalledTo(1);
  } finally {
    await Promise.all([phone.close(), desk.close(), tv.close()]);
  }
});
