import { type APIRequestContext, type Browser, type Page, expect, request as playwrightRequest, test } from '@playwright/test';

// Issue 17, the citizen's journeys end to end on the shared app: the kiosk's way back and idle
// return, a number found again on the hall home (from the device, and by phone), "再等 5 分钟"
// appearing live, and what a 容缺 acceptance, a refusal and a bad rating read like on the phone.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/citizen-journeys';
const phoneViewport = { width: 390, height: 844 };
const kioskViewport = { width: 1080, height: 1920 };

type Issued = { id: string; number: string; token: string; url: string };

async function serviceId(api: APIRequestContext, prefix: string): Promise<string> {
  const hall = (await (await api.get('/api/v1/halls/qiongshan')).json()) as { services: Array<{ id: string; prefix: string }> };
  const service = hall.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix}`);
  return service.id;
}

async function take(api: APIRequestContext, prefix: string, extra: Record<string, unknown> = {}): Promise<Issued> {
  const response = await api.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(api, prefix), ...extra } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { ticket: Issued }).ticket;
}

async function signedIn(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const response = await api.post('/api/v1/auth/login', { data: { username, password } });
  expect(response.status()).toBe(200);
  return api;
}

/** A clerk's counter, open, serving exactly `ticket` (called out of turn, so other specs' numbers never get in the way). */
async function serve(clerk: APIRequestContext, ticket: Issued): Promise<string> {
  const me = (await (await clerk.get('/api/v1/me')).json()) as { me: { counterId: string } };
  const counter = me.me.counterId;
  await clerk.post(`/api/v1/counters/${counter}/open`, { data: {} });
  const called = await clerk.post(`/api/v1/counters/${counter}/call`, { data: { ticketId: ticket.id, reason: '测试：指定叫号' } });
  expect(called.status()).toBe(200);
  expect((await clerk.post(`/api/v1/counters/${counter}/start`, { data: {} })).status()).toBe(200);
  return counter;
}

async function phonePage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: phoneViewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  return context.newPage();
}

test('kiosk 预约签到 has a home button, no site header or setup text, and returns to the start after 30 s untouched with a countdown', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: kioskViewport, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.install();
  // The address kiosks were set up with still works, and lands in the kiosk's own frame.
  await page.goto('/h/qiongshan/check-in?kiosk=1');
  await expect(page).toHaveURL(/\/kiosk\/qiongshan\/check-in$/);
  const screen = page.getByTestId('kiosk-check-in-screen');
  await expect(screen.getByTestId('check-in-form')).toBeVisible();
  await expect(page.locator('.site-header')).toHaveCount(0);
  await expect(page.getByText('本机未绑定设备密钥')).toHaveCount(0);
  await expect(page.getByTestId('kiosk-home')).toBeVisible();

  // Half a code typed, then left alone: the countdown shows in the last 10 s, a touch keeps it.
  await page.getByRole('button', { name: 'A', exact: true }).click();
  await page.clock.runFor(21_000);
  await expect(page.getByTestId('kiosk-idle')).toContainText('秒后回到首页');
  await page.screenshot({ path: `${shots}/kiosk-check-in-countdown-1080x1920.png` });
  await page.mouse.click(10, 1900);
  await expect(page.getByTestId('kiosk-idle')).toHaveCount(0);
  await page.clock.runFor(31_000);
  await expect(page).toHaveURL(/\/kiosk\/qiongshan$/);
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-screen', 'start');
  await expect(page.getByTestId('kiosk-home')).toHaveCount(0);

  // And the way back by hand, from check-in and from a screen of the start page.
  await page.getByTestId('kiosk-check-in').click();
  await expect(page).toHaveURL(/\/kiosk\/qiongshan\/check-in$/);
  await page.screenshot({ path: `${shots}/kiosk-check-in-1080x1920.png` });
  await page.getByTestId('kiosk-home').click();
  await expect(page).toHaveURL(/\/kiosk\/qiongshan$/);
  await page.getByTestId('kiosk-service-G').click();
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-screen', 'instant');
  await page.getByTestId('kiosk-home').click();
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-screen', 'start');

  // Staff opening it for setup see the key's state; the public never does.
  await page.goto('/kiosk/qiongshan?setup=1');
  await expect(page.getByTestId('kiosk-setup')).toContainText('本机未绑定设备密钥');
  await context.close();
});

test('the kiosk says 系统暂时无法连接 by itself when the server does not answer', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1920, height: 1080 }, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto('/kiosk/qiongshan');
  await expect(page.getByTestId('kiosk-offline')).toHaveCount(0);
  // The server goes away: every request from the page fails, as with the process down.
  await page.route('**/readyz', (route) => route.abort('connectionrefused'));
  await page.clock.runFor(11_000);
  await expect(page.getByTestId('kiosk-offline')).toContainText('系统暂时无法连接');
  await page.screenshot({ path: `${shots}/kiosk-offline-1920x1080.png` });
  await page.unroute('**/readyz');
  await page.clock.runFor(6_000);
  await expect(page.getByTestId('kiosk-offline')).toHaveCount(0);
  await context.close();
});

test('a number taken on the phone is found again on /h after the page is closed, and by phone and number on another device', async ({ browser, baseURL }) => {
  const page = await phonePage(browser, baseURL);
  await page.goto('/h/qiongshan');
  await expect(page.getByTestId('mine-list')).toBeHidden();
  await page.locator('[data-take]').first().click();
  await page.getByTestId('take-phone').fill('13900001717');
  await expect(page.getByTestId('take-sheet')).not.toContainText('提醒您');
  await page.getByTestId('take-confirm').click();
  await expect(page).toHaveURL(/\/t\//);
  const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
  const ticketUrl = new URL(page.url()).pathname;
  const context = page.context();
  await page.close();

  const again = await context.newPage();
  await again.goto('/h/qiongshan');
  const mine = again.getByTestId('mine-list').getByTestId('mine-item');
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(number);
  await expect(mine.locator('a')).toHaveAttribute('href', ticketUrl);
  await again.screenshot({ path: `${shots}/home-mine-390x844.png`, fullPage: false });

  // Another device: nothing remembered; a wrong number finds nothing, phone and number do.
  const other = await phonePage(browser, baseURL);
  await other.goto('/h/qiongshan');
  await expect(other.getByTestId('mine-list')).toBeHidden();
  await other.getByTestId('find-ticket').locator('summary').click();
  await other.getByTestId('find-phone').fill('13900001717');
  await other.getByTestId('find-number').fill('Z999');
  await other.getByTestId('find-submit').click();
  await expect(other.getByTestId('find-error')).toContainText('没有找到');
  await other.getByTestId('find-number').fill(number.toLowerCase());
  await other.getByTestId('find-submit').click();
  const found = other.getByTestId('find-list').getByTestId('mine-item');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(number);
  await other.screenshot({ path: `${shots}/home-find-390x844.png` });
  await found.locator('a').click();
  await expect(other.getByTestId('ticket-number')).toHaveText(number);
  await expect(other.getByTestId('ticket-phone')).toHaveText('139****1717');
  await context.close();
  await other.context().close();
});

test('"我需要再等 5 分钟" appears live when someone joins behind the last in line, without a reload', async ({ browser, baseURL }) => {
  const page = await phonePage(browser, baseURL);
  const mine = await take(page.request, 'B');
  await page.goto(mine.url.replace(/^https?:\/\/[^/]+/, ''));
  await expect(page.getByTestId('ticket-status')).toHaveText('等候中');
  await expect(page.getByTestId('btn-more-time')).toHaveCount(0);
  await take(page.request, 'B');
  await expect(page.getByTestId('btn-more-time')).toBeVisible();
  await page.screenshot({ path: `${shots}/ticket-more-time-390x844.png` });
  await page.context().close();
});

test('容缺受理 reads 容缺 with its deadline, a refusal reads 暂不予受理 not in green, a bad rating says who answers by when', async ({ browser, baseURL }) => {
  const base = baseURL ?? '';
  const clerk = await signedIn(base, 'c07');
  const leader = await signedIn(base, 'leader');
  const page = await phonePage(browser, baseURL);

  // 容缺: accepted with a paper commitment; the hero says 容缺受理 and the deadline, not 已办结.
  const conditional = await take(page.request, 'C');
  const counter = await serve(clerk, conditional);
  const accepted = await clerk.post(`/api/v1/counters/${counter}/conditional-acceptances`, {
    data: { missingItems: ['经公证的授权委托书'], commitment: 'paper' },
  });
  expect(accepted.status()).toBe(201);
  await page.goto(`/t/${conditional.token}`);
  const hero = page.getByTestId('ticket-hero');
  await expect(hero).toHaveAttribute('data-outcome', 'conditional');
  await expect(page.getByTestId('ticket-status')).toContainText('容缺受理');
  await expect(page.getByTestId('ticket-status')).toContainText('前补齐材料');
  await expect(page.getByTestId('ticket-status')).not.toContainText('已办结');
  await page.screenshot({ path: `${shots}/ticket-conditional-390x844.png`, fullPage: true });

  // 否定报备 approved by the duty leader: 暂不予受理, styled as a warning, never as success.
  const refused = await take(page.request, 'C');
  await serve(clerk, refused);
  const requested = await clerk.post(`/api/v1/counters/${counter}/refusals`, {
    data: { reason: '材料不齐', legalBasis: '《不动产登记暂行条例》第十六条', notice: ['身份证原件', '户口簿'] },
  });
  expect(requested.status()).toBe(201);
  const refusalId = ((await requested.json()) as { refusal: { id: string } }).refusal.id;
  expect((await leader.post(`/api/v1/refusals/${refusalId}/decision`, { data: { approve: true } })).status()).toBe(200);
  await page.goto(`/t/${refused.token}`);
  await expect(page.getByTestId('ticket-hero')).toHaveAttribute('data-outcome', 'refused');
  await expect(page.getByTestId('ticket-status')).toHaveText('暂不予受理');
  const colour = await page.getByTestId('ticket-status').evaluate((el) => getComputedStyle(el).color);
  const success = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--success').trim());
  expect(colour).not.toBe(success);
  await page.screenshot({ path: `${shots}/ticket-refused-390x844.png`, fullPage: true });

  // A plain visit rated 非常不满意: the page says a work order was opened and when the answer is due.
  const rated = await take(page.request, 'C');
  await serve(clerk, rated);
  expect((await clerk.post(`/api/v1/counters/${counter}/complete`, { data: {} })).status()).toBe(200);
  await page.goto(`/t/${rated.token}`);
  await page.locator('input[name="level"][value="very_dissatisfied"]').check({ force: true });
  await page.getByTestId('btn-rate').click();
  await expect(page.getByTestId('rating-follow-up')).toContainText('整改');
  await expect(page.getByTestId('rating-follow-up-due')).toContainText('最迟答复时间');
  await page.screenshot({ path: `${shots}/ticket-bad-rating-390x844.png`, fullPage: true });

  // A dead link: a citizen's page whose way back is the hall's home.
  await page.goto('/t/this-link-does-not-exist-123456');
  await expect(page.getByTestId('citizen-not-found')).toContainText('没有找到这张排队号');
  await page.screenshot({ path: `${shots}/ticket-not-found-390x844.png` });
  await page.getByTestId('citizen-not-found').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/h\/[a-z]+$/);
  await clerk.dispose();
  await leader.dispose();
  await page.context().close();
});

test('the hall home 办不成事 tile files a matter to the duty leader, with the API\'s validation', async ({ browser, baseURL }) => {
  const page = await phonePage(browser, baseURL);
  await page.goto('/h/qiongshan');
  await page.getByTestId('entry-unresolved').click();
  const sheet = page.getByTestId('unresolved-sheet');
  await expect(sheet).toBeVisible();
  await page.getByTestId('unresolved-submit').click();
  await expect(page.getByTestId('unresolved-error')).toContainText('11 位手机号');
  await page.getByTestId('unresolved-description').fill('社保窗口说要回户籍地开证明，来回跑了三次');
  await page.getByTestId('unresolved-phone').fill('13700001234');
  await page.getByTestId('unresolved-submit').click();
  await expect(page.getByTestId('unresolved-sent')).toContainText('已送达值班领导');
  await expect(page.getByTestId('unresolved-submit')).toBeHidden();
  await page.screenshot({ path: `${shots}/home-unresolved-390x844.png` });
  await page.context().close();
});
