import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { CounterConsole, PhonePage } from './pages';

// This file uses counter 10 (c10) and the demo duty leader `leader`; other specs use c01–c09.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/duty';

interface Issued {
  id: string;
  number: string;
  token: string;
}

async function serviceId(request: APIRequestContext, prefix: string): Promise<string> {
  const hall = (await (await request.get('/api/v1/halls/qiongshan')).json()) as { services: Array<{ id: string; prefix: string }> };
  const service = hall.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix}`);
  return service.id;
}

async function openDuty(browser: Browser, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  const page = await context.newPage();
  await page.goto('/duty');
  await page.getByTestId('login-username').fill('leader');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('duty-board')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  return page;
}

test('否定报备: the counter asks, the duty leader approves live on /duty, the phone shows the one-time notice', async ({ browser, request }) => {
  const response = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(request, 'B'), channel: 'phone' } });
  expect(response.status()).toBe(201);
  const ticket = ((await response.json()) as { ticket: Issued }).ticket;

  const duty = await openDuty(browser);
  const deskContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const desk = new CounterConsole(await deskContext.newPage());
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await phoneContext.newPage();
  try {
    await desk.signIn('c10', password);
    const state = await desk.state();
    // Call this very ticket (other specs may leave B tickets waiting ahead of it).
    const called = await desk.page.request.post(`/api/v1/counters/${state.counter.id}/call`, {
      data: { ticketId: ticket.id, reason: '演示：否定报备流程' },
    });
    expect(called.status()).toBe(200);
    await desk.expectCurrent(ticket.number, 'called');
    await desk.page.getByTestId('btn-start').click();
    await desk.expectCurrent(ticket.number, 'serving');

    await desk.page.getByTestId('btn-refuse').click();
    const dialog = desk.page.getByTestId('refusal-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('refusal-reason').fill('建设工程规划许可证尚未取得，不符合施工许可条件');
    await dialog.getByTestId('refusal-basis').fill('《建筑工程施工许可管理办法》第四条');
    await dialog.getByTestId('refusal-notice').fill('取得《建设工程规划许可证》\n施工图设计文件审查合格书');
    await dialog.getByTestId('btn-refusal-confirm').click();
    await expect(dialog).toBeHidden();
    const deskNotice = desk.page.getByTestId('refusal-notice');
    await expect(deskNotice).toHaveAttribute('data-status', 'pending');
    await expect(deskNotice).toContainText('等待值班领导审批');
    await desk.expectNoCurrent();

    // The request reaches the duty leader's phone without a reload.
    const card = duty.locator(`[data-testid="duty-refusal"][data-number="${ticket.number}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText('《建筑工程施工许可管理办法》第四条');
    await duty.screenshot({ path: `${shots}/duty-refusal-390.png`, fullPage: true });
    await card.getByTestId('duty-comment').fill('同意，按一次性告知补齐后再办');
    await card.getByTestId('duty-approve').click();
    await expect(card).toBeHidden();
    // The clerk's "waiting for approval" gives way to the decision and the comment, live.
    await expect(deskNotice).toHaveAttribute('data-status', 'approved');
    await expect(deskNotice).not.toContainText('等待值班领导审批');
    await expect(desk.page.getByTestId('refusal-notice-comment')).toHaveText('审批意见：同意，按一次性告知补齐后再办');
    const record = duty.locator(`[data-testid="duty-decision"][data-number="${ticket.number}"]`);
    await expect(record).toHaveAttribute('data-status', 'approved');
    await expect(record.getByTestId('duty-decision-comment')).toHaveText('审批意见：同意，按一次性告知补齐后再办');

    await phone.goto(`/t/${ticket.token}`);
    const notice = phone.getByTestId('refusal-notice');
    await expect(notice).toBeVisible();
    await expect(phone.getByTestId('ticket-status')).toHaveText('暂不予受理');
    await expect(phone.getByTestId('notice-items').locator('li')).toHaveText(['取得《建设工程规划许可证》', '施工图设计文件审查合格书']);
    await phone.screenshot({ path: `${shots}/citizen-notice-390.png`, fullPage: true });
  } finally {
    await Promise.all([duty.context().close(), deskContext.close(), phoneContext.close()]);
  }
});

test('否定报备 denied: the clerk reads the comment, the parked ticket says what to do, and the call-back reads in time order', async ({ browser, request }) => {
  const response = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(request, 'B'), channel: 'phone' } });
  const ticket = ((await response.json()) as { ticket: Issued }).ticket;
  const duty = await openDuty(browser, { width: 1440, height: 900 });
  const deskContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const desk = new CounterConsole(await deskContext.newPage());
  try {
    await desk.signIn('c10', password);
    const state = await desk.state();
    const api = (path: string, data: object) => desk.page.request.post(`/api/v1/counters/${state.counter.id}/${path}`, { data });
    expect((await api('call', { ticketId: ticket.id, reason: '演示：否定报备退回' })).status()).toBe(200);
    expect((await api('start', {})).status()).toBe(200);
    expect((await api('refusals', { reason: '材料不全', legalBasis: '《办法》第四条', notice: '补充身份证复印件' })).status()).toBe(201);

    const card = duty.locator(`[data-testid="duty-refusal"][data-number="${ticket.number}"]`);
    await card.getByTestId('duty-comment').fill('可容缺受理，请继续办理');
    await card.getByTestId('duty-deny').click();
    await expect(card).toBeHidden();

    const notice = desk.page.getByTestId('refusal-notice');
    await expect(notice).toHaveAttribute('data-status', 'denied');
    await expect(notice).toContainText(`请在“暂挂的号”中回呼 ${ticket.number}`);
    await expect(desk.page.getByTestId('refusal-notice-comment')).toHaveText('审批意见：可容缺受理，请继续办理');
    const parked = desk.page.getByTestId(`parked-item-${ticket.number}`).getByTestId('parked-refusal');
    await expect(parked).toHaveAttribute('data-status', 'denied');
    await expect(parked).toContainText('可容缺受理，请继续办理');
    await expect(duty.locator(`[data-testid="duty-decision"][data-number="${ticket.number}"]`)).toHaveAttribute('data-status', 'denied');
    await desk.page.screenshot({ path: `${shots}/counter-denied-1440.png` });
    await duty.screenshot({ path: `${shots}/duty-decided-1440.png`, fullPage: true });

    await desk.page.getByTestId(`btn-return-${ticket.number}`).click();
    await desk.expectCurrent(ticket.number, 'called');
    // Called back and not yet started: no service clock runs while the citizen walks up.
    await expect(desk.page.getByTestId('current-serving-time')).toHaveText('–');
    const steps = desk.page.getByTestId('current-history').locator('li');
    await expect(steps.last()).toHaveAttribute('data-type', 'ticket.called');
    const types = await steps.evaluateAll((items) => items.map((li) => li.getAttribute('data-type')));
    expect(types.slice(-5)).toEqual(['ticket.started', 'ticket.parked', 'refusal.requested', 'refusal.denied', 'ticket.called']);
    await desk.page.screenshot({ path: `${shots}/counter-recalled-1440.png` });
    await desk.page.getByTestId('refusal-notice-dismiss').click();
    await expect(notice).toBeHidden();
    await desk.page.getByTestId('btn-start').click();
    await desk.expectCurrent(ticket.number, 'serving');
    expect((await api('complete', { outcome: 'accepted' })).status()).toBe(200);
  } finally {
    await Promise.all([duty.context().close(), deskContext.close()]);
  }
});

test('办不成事: a case opened on a phone reaches /duty live, and its answer reaches the phone', async ({ browser }) => {
  const duty = await openDuty(browser);
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = new PhonePage(await phoneContext.newPage());
  const description = `不动产登记材料已齐全，仍被要求补开证明 ${Date.now()}`;
  try {
    await phone.takeNumber('qiongshan', 'K');
    await phone.page.getByTestId('btn-case-report').click();
    await phone.page.getByTestId('case-description').fill(description);
    await phone.page.getByTestId('case-submit').click();
    await expect(phone.page.getByTestId('case-sent')).toBeVisible();
    await expect(phone.page.getByTestId('case-item')).toHaveAttribute('data-status', 'open');

    const card = duty.locator('[data-testid="duty-case"]', { hasText: description });
    await expect(card).toBeVisible();
    await duty.screenshot({ path: `${shots}/duty-case-390.png`, fullPage: true });
    await duty.setViewportSize({ width: 1440, height: 900 });
    await duty.screenshot({ path: `${shots}/duty-1440.png`, fullPage: true });

    await card.getByTestId('duty-assign').click();
    await expect(card).toContainText('已指派');
    await card.getByTestId('duty-outcome-assisted').check();
    const answer = '已安排专人帮办，今天下班前由不动产登记中心电话联系您。';
    await card.getByTestId('duty-answer').fill(answer);
    await card.getByTestId('duty-close').click();
    await expect(card).toBeHidden();

    await expect(phone.page.getByTestId('case-answer')).toHaveText(answer);
  } finally {
    await Promise.all([duty.context().close(), phoneContext.close()]);
  }
});
