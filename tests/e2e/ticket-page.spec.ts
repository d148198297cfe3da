import { type Page, expect, test } from '@playwright/test';
import { CounterDesk } from './pages/display';
import { TicketPage, installAlertStubs, serviceIdOf, takeNumber } from './pages/ticket';
import { AppProcess } from './support/app-process';
import { installSpeechStub } from './support/speech-stub';

/*
 * The citizen's live ticket page on a phone (390×844), with a counter working through the
 * API and the hall TV open: on an app and database of this file's own, so every position
 * asserted here is the one these tests made. Service B is served by counters 1, 2, 5 and
 * 10 (only counter 10 calls here); service J by 3, 5 and 8 (only 8 calls).
 */

const hall = 'qiongshan';
const phoneNumber = '13812345678';
const phoneMasked = '138****5678';
const shots = 'test-results/ticket-page';
const phoneViewport = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let app: AppProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await AppProcess.create();
  await app.start();
});

test.afterAll(async () => {
  await app.dispose();
});

/** Every response body and Socket.IO frame a page receives, for the masking check. */
function captureTraffic(page: Page, into: string[]) {
  page.on('response', (response) => {
    response
      .body()
      .then((body) => into.push(body.toString('utf8')))
      .catch(() => undefined);
  });
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => into.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8')));
  });
}

async function serveNext(desk: CounterDesk): Promise<string> {
  const number = await desk.callNext();
  expect((await desk.command('start')).status).toBe(200);
  expect((await desk.command('complete', { outcome: 'handled' })).status).toBe(200);
  return number;
}

async function missNext(desk: CounterDesk): Promise<string> {
  const number = await desk.callNext();
  expect((await desk.command('no-show')).status).toBe(200);
  return number;
}

test('a remote number through its whole life: position falls, nearly and called alerts once each, one rating; the phone number never leaves the server', async ({
  browser,
  playwright,
}) => {
  test.setTimeout(240_000);
  const api = await playwright.request.newContext({ baseURL: app.url });
  const phone = await browser.newContext(phoneViewport);
  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const desk = await CounterDesk.signIn(playwright, app.url, 'c10');
  const phoneTraffic: string[] = [];
  const tvTraffic: string[] = [];
  try {
    await installAlertStubs(phone);
    await installSpeechStub(tv, { voiceChoice: 'off' });
    const screen = await tv.newPage();
    captureTraffic(screen, tvTraffic);
    await screen.goto(`${app.url}/display/${hall}`);

    const serviceB = await serviceIdOf(api, hall, 'B');
    for (let i = 0; i < 4; i += 1) await takeNumber(api, hall, serviceB);

    const page = await phone.newPage();
    captureTraffic(page, phoneTraffic);
    const phoneScripts: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') phoneScripts.push(response.url());
    });
    await page.goto(`${app.url}/h/${hall}`);
    await page.getByTestId('service-B').click();
    await page.getByTestId('take-phone').fill(phoneNumber);
    await page.getByTestId('take-confirm').click();
    await page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    const ticket = new TicketPage(page);
    const number = (await page.getByTestId('ticket-number').textContent())?.trim() ?? '';
    expect(number).toBe('B005');
    const token = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await ticket.expectAhead(4);
    await expect(ticket.status()).toHaveText('等候中');
    await expect(page.getByTestId('ticket-eta')).toContainText(/约 \d+–\d+ 分钟/);
    await expect(page.getByTestId('ticket-phone')).toHaveText(phoneMasked);
    await expect(page.getByTestId('nearly-banner')).toHaveCount(0);
    await page.getByTestId('btn-enable-alerts').tap();
    await expect(page.getByTestId('alerts-on')).toContainText('提醒已开启');
    await page.screenshot({ path: `${shots}/waiting.png`, fullPage: true });
    // The hall home and the ticket page ship no framework: the one script file is the Socket.IO client.
    expect([...new Set(phoneScripts.map((url) => new URL(url).pathname))]).toEqual(['/socket.io/socket.io.min.js']);

    await desk.ready();
    expect(await serveNext(desk)).toBe('B001');
    await ticket.expectAhead(3);
    await expect(page.getByTestId('nearly-banner')).toContainText('快到您了');
    await ticket.expectAlertCounts(1, 1);
    const afterNearly = await ticket.alerts();
    expect(afterNearly.notify[0]?.title).toContain('快到您了');
    await expect.poll(() => page.title()).toContain('快到您了');
    await page.screenshot({ path: `${shots}/nearly.png`, fullPage: true });

    // Still nearly with fewer ahead: no second alert.
    expect(await serveNext(desk)).toBe('B002');
    await ticket.expectAhead(2);
    expect(await serveNext(desk)).toBe('B003');
    expect(await serveNext(desk)).toBe('B004');
    await ticket.expectAhead(0);
    expect((await ticket.alerts()).vibrate).toHaveLength(1);

    expect(await desk.callNext()).toBe(number);
    await expect(ticket.status()).toContainText('请到');
    await expect(page.getByTestId('ticket-counter')).toHaveText('10');
    // Called: the waiting parts are gone, though the phone itself added "快到您了".
    await expect(page.getByTestId('nearly-banner')).toHaveCount(0);
    await expect(page.getByTestId('ticket-ahead')).toHaveCount(0);
    await ticket.expectAlertCounts(2, 2);
    expect((await ticket.alerts()).notify[1]?.title).toContain('10 号窗口');
    await page.screenshot({ path: `${shots}/called.png`, fullPage: true });

    expect((await desk.command('start')).status).toBe(200);
    await expect(ticket.status()).toHaveText('办理中');
    expect((await desk.command('complete', { outcome: 'handled' })).status).toBe(200);
    const form = page.getByTestId('rating-form');
    await expect(form).toBeVisible();
    await page.getByTestId('rating-very_satisfied').check();
    await page.getByTestId('rating-efficiency-5').check();
    await page.getByTestId('rating-serviceLevel-4').check();
    await page.getByTestId('rating-attitude-5').check();
    await page.getByTestId('rating-comment').fill('讲解清楚，一次办好');
    await form.screenshot({ path: `${shots}/rating-form.png` });
    await page.screenshot({ path: `${shots}/rating-page.png`, fullPage: true });
    await page.getByTestId('btn-rate').tap();
    await expect(page.getByTestId('rating-thanks')).toBeVisible();
    await expect(form).toHaveCount(0);
    // Once per visit: a second rating is refused.
    const again = await api.post(`/api/v1/tickets/${token}/rating`, { data: { level: 'dissatisfied' } });
    expect(again.status()).toBe(409);
    await page.reload();
    await expect(page.getByTestId('rating-done')).toBeVisible();
    await expect(page.getByTestId('rating-form')).toHaveCount(0);

    // Only the masked number ever reached the phone or the TV.
    expect(phoneTraffic.some((text) => text.includes(phoneMasked))).toBe(true);
    expect(tvTraffic.some((text) => text.includes('ticket.called'))).toBe(true);
    for (const text of [...phoneTraffic, ...tvTraffic]) expect(text).not.toContain(phoneNumber);
  } finally {
    await Promise.all([phone.close(), tv.close(), api.dispose(), desk.dispose()]);
  }
});

test('"more time" once while waiting, never while called; "rejoin" after a no-show within the window, once', async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  const api = await playwright.request.newContext({ baseURL: app.url });
  const phone = await browser.newContext(phoneViewport);
  const desk = await CounterDesk.signIn(playwright, app.url, 'c08');
  try {
    await installAlertStubs(phone);
    await desk.ready();
    const serviceJ = await serviceIdOf(api, hall, 'J');
    const issued = [];
    for (let i = 0; i < 5; i += 1) issued.push(await takeNumber(api, hall, serviceJ));
    const mine = issued[1];
    if (!mine) throw new Error('no second ticket');

    const ticket = new TicketPage(await phone.newPage());
    const page = ticket.page;
    await ticket.open(app.url, mine.token);
    await ticket.expectAhead(1);
    await expect(page.getByTestId('btn-enable-alerts')).toBeVisible();
    await page.screenshot({ path: `${shots}/more-time.png`, fullPage: true });
    // Three counters of 12 minutes call every 4 minutes: 5 minutes are 2 places.
    await page.getByTestId('btn-more-time').tap();
    await expect(page.locator('.more-time-confirm')).toContainText('往后移 2 位');
    await page.screenshot({ path: `${shots}/more-time-confirm.png`, fullPage: true });
    await page.getByTestId('btn-more-time-confirm').tap();
    await expect(page.getByTestId('more-time-done')).toHaveText('已为您往后移 2 位，现在排第 4 位。');
    await ticket.expectAhead(3);
    await expect(page.getByTestId('nearly-banner')).toContainText('前面还有 3 人');
    await page.screenshot({ path: `${shots}/more-time-done.png`, fullPage: true });
    const second = await api.post(`/api/v1/tickets/${mine.token}/delay`, { data: {} });
    expect(second.status()).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    await page.reload();
    await expect(page.getByTestId('more-time-used')).toBeVisible();
    await expect(page.getByTestId('btn-more-time')).toHaveCount(0);

    // The counter follows the new order: J001, J003, J004, then this one.
    expect(await missNext(desk)).toBe(issued[0]?.number);
    expect(await missNext(desk)).toBe(issued[2]?.number);
    expect(await missNext(desk)).toBe(issued[3]?.number);
    expect(await desk.callNext()).toBe(mine.number);
    await expect(ticket.status()).toContainText('请到');
    await expect(page.getByTestId('btn-more-time')).toHaveCount(0);
    expect((await api.post(`/api/v1/tickets/${mine.token}/delay`, { data: {} })).status()).toBe(409);

    expect((await desk.command('no-show')).status).toBe(200);
    await expect(ticket.status()).toHaveText('过号');
    await expect(page.getByTestId('rejoin-card')).toContainText('您将排到当前队伍的末尾');
    await page.screenshot({ path: `${shots}/rejoin.png`, fullPage: true });
    await page.getByTestId('btn-rejoin').tap();
    await expect(ticket.status()).toHaveText('等候中');
    await ticket.expectAhead(1);

    expect(await missNext(desk)).toBe(issued[4]?.number);
    expect(await missNext(desk)).toBe(mine.number);
    await expect(page.getByTestId('rejoin-closed')).toHaveText('您已经重新排过一次队，不能再次重新排队。如需办理，请重新取号。');
    await expect(page.getByTestId('btn-rejoin')).toHaveCount(0);
    const rejoinAgain = await api.post(`/api/v1/tickets/${mine.token}/rejoin`, { data: {} });
    expect(rejoinAgain.status()).toBe(409);
    await page.screenshot({ path: `${shots}/rejoin-used.png`, fullPage: true });
  } finally {
    await Promise.all([phone.close(), api.dispose(), desk.dispose()]);
  }
});

test('a push re-renders the page around what the citizen is typing; in English and in large text', async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: app.url });
  const phone = await browser.newContext(phoneViewport);
  const desk = await CounterDesk.signIn(playwright, app.url, 'c10');
  try {
    await desk.ready();
    // The first test served every B number: this one is next.
    const mine = await takeNumber(api, hall, await serviceIdOf(api, hall, 'B'));
    const ticket = new TicketPage(await phone.newPage());
    const page = ticket.page;
    await page.goto(`${app.url}/t/${mine.token}?lang=en`);
    await expect(ticket.status()).toHaveText('Waiting');
    await page.getByTestId('btn-case-report').tap();
    const field = page.getByTestId('case-description');
    await field.fill('Half a sentence, typed before the call');

    expect(await desk.callNext()).toBe(mine.number);
    // The page was fetched again (in the cookie's language) and its changed parts swapped...
    await expect(ticket.status()).toHaveText('Please go to counter 10');
    await expect(page.getByTestId('ticket-ahead')).toHaveCount(0);
    await expect(page.getByTestId('btn-cancel')).toHaveCount(0);
    // ...but not the form being written in.
    await expect(field).toHaveValue('Half a sentence, typed before the call');
    await expect(field).toBeFocused();
    await page.screenshot({ path: `${shots}/called-en-typing.png`, fullPage: true });

    await page.getByTestId('text-size-toggle').tap();
    await expect(page.locator('.site')).toHaveAttribute('data-text', 'large');
    expect((await desk.command('start')).status).toBe(200);
    expect((await desk.command('complete', { outcome: 'handled' })).status).toBe(200);
    await expect(page.getByTestId('rating-form')).toContainText('Very satisfied');
    await expect(field).toHaveValue('Half a sentence, typed before the call');
    // A rating without its level is refused on the phone, before any request.
    await page.getByTestId('btn-rate').tap();
    await expect(page.getByTestId('rating-error')).toBeVisible();
    await page.screenshot({ path: `${shots}/completed-en-large.png`, fullPage: true });
  } finally {
    await Promise.all([phone.close(), api.dispose(), desk.dispose()]);
  }
});

test('without the Socket.IO client (blocked on the way) the page still follows its ticket by asking every 15 s', async ({ browser, playwright }) => {
  const api = await playwright.request.newContext({ baseURL: app.url });
  const phone = await browser.newContext(phoneViewport);
  const desk = await CounterDesk.signIn(playwright, app.url, 'c08');
  try {
    await desk.ready();
    await phone.route('**/socket.io/socket.io.min.js', (route) => route.abort());
    const mine = await takeNumber(api, hall, await serviceIdOf(api, hall, 'J'));
    const ticket = new TicketPage(await phone.newPage());
    const sockets: string[] = [];
    ticket.page.on('websocket', (ws) => sockets.push(ws.url()));
    await ticket.open(app.url, mine.token);
    await expect(ticket.status()).toHaveText('等候中');
    expect(await desk.callNext()).toBe(mine.number);
    await expect(ticket.status()).toContainText('请到', { timeout: 25_000 });
    await expect(ticket.page.getByTestId('ticket-counter')).toHaveText('8');
    expect(sockets).toEqual([]);
  } finally {
    await Promise.all([phone.close(), api.dispose(), desk.dispose()]);
  }
});
