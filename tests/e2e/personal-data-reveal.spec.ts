import { type APIRequestContext, type Browser, expect, test } from '@playwright/test';
import { CounterConsole } from './pages';
import { demoPassword, signedInPage } from './support/sign-in';

// This file uses counter 11 (c11, service K) of qiongshan, which the shared-app specs leave
// alone, the demo leader `leader` and the demo admin `admin`.

/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/personal-data-reveal';
const desktop = { width: 1440, height: 900 };

async function serviceId(request: APIRequestContext, prefix: string): Promise<string> {
  const hall = (await (await request.get('/api/v1/halls/qiongshan')).json()) as { services: Array<{ id: string; prefix: string }> };
  const service = hall.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix}`);
  return service.id;
}

/** A visit of service K with a phone, served at counter 11 and rated 非常不满意: a work order for the 回访. */
async function badlyRatedVisit(browser: Browser, request: APIRequestContext, phone: string): Promise<string> {
  const taken = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(request, 'K'), channel: 'phone', phone } });
  expect(taken.status()).toBe(201);
  const ticket = ((await taken.json()) as { ticket: { id: string; number: string; token: string } }).ticket;

  const clerk = await browser.newContext();
  try {
    expect((await clerk.request.post('/api/v1/auth/login', { data: { username: 'c11', password: demoPassword } })).status()).toBe(200);
    const me = (await (await clerk.request.get('/api/v1/me')).json()) as { me: { counterId: string } };
    const counter = `/api/v1/counters/${me.me.counterId}`;
    // Called by its id: other tickets of K may be waiting ahead of it.
    expect((await clerk.request.post(`${counter}/call`, { data: { ticketId: ticket.id, reason: '演示：差评回访' } })).status()).toBe(200);
    expect((await clerk.request.post(`${counter}/start`, { data: {} })).status()).toBe(200);
    expect((await clerk.request.post(`${counter}/complete`, { data: {} })).status()).toBe(200);
  } finally {
    await clerk.close();
  }
  const rated = await request.post(`/api/v1/tickets/${ticket.token}/rating`, { data: { level: 'very_dissatisfied', comment: '咨询了三次都没说清楚要带什么材料' } });
  expect(rated.status()).toBe(201);
  return ticket.number;
}

test('a leader reads a rated citizen\'s full phone for the 回访 and a 办不成事 phone for the answer, each with a reason; the admin\'s audit lists both reads', async ({ browser, request }) => {
  const number = await badlyRatedVisit(browser, request, '13912345678');
  const tag = Date.now().toString(36);
  const filed = await request.post('/api/v1/halls/qiongshan/unresolved-cases', { data: { description: `营业执照变更跑了两趟还没办成（${tag}）`, phone: '13787654321' } });
  expect(filed.status()).toBe(201);

  // 整改: the order shows the phone masked; the whole number needs a reason.
  const leader = await signedInPage(browser, '/leader/rectification', 'leader', desktop);
  const card = leader.getByTestId('rect-order').filter({ has: leader.locator('.rect-number', { hasText: number }) });
  await expect(card).toBeVisible();
  const phone = card.getByTestId('reveal-phone');
  await expect(phone).toContainText('139****5678');
  await expect(phone).not.toContainText('13912345678');
  await phone.getByTestId('reveal-open').click();
  await phone.getByTestId('reveal-confirm').click();
  await expect(phone.getByTestId('reveal-error')).toHaveText('请选择查看原因');
  await phone.getByTestId('reveal-reason-follow_up').check();
  await phone.getByTestId('reveal-note').fill('差评回访');
  await card.scrollIntoViewIfNeeded();
  await leader.screenshot({ path: `${shots}/rectification-reveal-ask-1440.png` });
  await phone.getByTestId('reveal-confirm').click();
  await expect(phone.getByTestId('revealed-phone')).toHaveText('13912345678');
  await expect(phone.getByTestId('revealed-phone')).toHaveAttribute('href', 'tel:13912345678');
  await expect(phone).toContainText('本次查看已记录');
  await leader.screenshot({ path: `${shots}/rectification-revealed-1440.png` });

  // 办不成事 on /duty: a case the citizen filed with a phone and no ticket.
  await leader.goto('/duty');
  const caseCard = leader.getByTestId('duty-case').filter({ hasText: tag });
  await expect(caseCard).toBeVisible();
  const casePhone = caseCard.getByTestId('reveal-phone');
  await expect(casePhone).toContainText('137****4321');
  await casePhone.getByTestId('reveal-open').click();
  await casePhone.getByTestId('reveal-reason-other').check();
  await casePhone.getByTestId('reveal-confirm').click();
  await expect(casePhone.getByTestId('reveal-error')).toHaveText('选“其他”时请写明原因');
  await casePhone.getByTestId('reveal-reason-case_reply').check();
  await casePhone.getByTestId('reveal-confirm').click();
  await expect(casePhone.getByTestId('revealed-phone')).toHaveText('13787654321');
  await caseCard.scrollIntoViewIfNeeded();
  await leader.screenshot({ path: `${shots}/duty-case-revealed-1440.png` });
  await leader.context().close();

  // The hall's admin finds both reads, newest first, said in words; and the leader's sign-in.
  const admin = await signedInPage(browser, '/admin/qiongshan/audit', 'admin', desktop);
  await admin.getByTestId('audit-entity').selectOption('personal_data');
  await admin.getByTestId('audit-actor').fill('leader');
  const reads = admin.getByTestId('audit-row');
  await expect(reads.first()).toContainText('办不成事');
  await expect(reads.first()).toContainText('原因：答复办不成事');
  const read = reads.filter({ hasText: number });
  await expect(read).toHaveCount(1);
  await expect(read).toContainText('查看完整号码');
  await expect(read).toContainText(`整改工单 ${number} · 原因：回访（差评回访）`);
  await expect(admin.getByTestId('audit-list')).not.toContainText('13912345678');
  await admin.screenshot({ path: `${shots}/admin-audit-reads-1440.png` });

  const csv = await admin.request.get('/api/v1/admin/halls/qiongshan/audit.csv?entity=personal_data&actor=leader');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('reveal_phone');

  await admin.getByTestId('admin-nav-sign-ins').click();
  await admin.getByTestId('sign-ins-username').fill('leader');
  await expect(admin.getByTestId('sign-in-row').first()).toContainText('登录成功');
  await admin.screenshot({ path: `${shots}/admin-sign-ins-1440.png` });
  await admin.context().close();
});

test('容缺提醒: the clerk reads the citizen\'s number in 容缺待补 on /counter, the duty leader on the phone; both reads are recorded', async ({ browser, request }) => {
  const taken = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: await serviceId(request, 'K'), channel: 'phone', phone: '13511112222' } });
  expect(taken.status()).toBe(201);
  const ticket = ((await taken.json()) as { ticket: { id: string; number: string } }).ticket;

  const desk = new CounterConsole(await (await browser.newContext({ viewport: desktop })).newPage());
  await desk.signIn('c11', demoPassword);
  const counter = `/api/v1/counters/${(await desk.state()).counter.id}`;
  expect((await desk.page.request.post(`${counter}/call`, { data: { ticketId: ticket.id, reason: '演示：容缺受理' } })).status()).toBe(200);
  expect((await desk.page.request.post(`${counter}/start`, { data: {} })).status()).toBe(200);
  const accepted = await desk.page.request.post(`${counter}/conditional-acceptances`, { data: { missingItems: ['营业执照副本'], commitment: 'paper' } });
  expect(accepted.status()).toBe(201);

  const item = desk.page.getByTestId('conditional-item').filter({ hasText: ticket.number });
  const onDesk = item.getByTestId('reveal-phone');
  await expect(onDesk).toContainText('135****2222');
  await onDesk.getByTestId('reveal-open').click();
  await onDesk.getByTestId('reveal-reason-conditional_reminder').check();
  await desk.page.screenshot({ path: `${shots}/counter-conditional-ask-1440.png` });
  await onDesk.getByTestId('reveal-confirm').click();
  await expect(onDesk.getByTestId('revealed-phone')).toHaveText('13511112222');
  await desk.page.screenshot({ path: `${shots}/counter-conditional-revealed-1440.png` });
  await desk.page.context().close();

  const duty = await signedInPage(browser, '/duty', 'leader', { width: 390, height: 844 });
  const dutyItem = duty.getByTestId('duty-conditional-item').filter({ hasText: ticket.number });
  const onPhone = dutyItem.getByTestId('reveal-phone');
  await expect(onPhone).toContainText('135****2222');
  await onPhone.getByTestId('reveal-open').click();
  await onPhone.getByTestId('reveal-reason-conditional_reminder').check();
  await onPhone.getByTestId('reveal-note').fill('提醒周五前补交');
  await dutyItem.scrollIntoViewIfNeeded();
  await duty.screenshot({ path: `${shots}/duty-conditional-ask-390.png` });
  await onPhone.getByTestId('reveal-confirm').click();
  await expect(onPhone.getByTestId('revealed-phone')).toHaveText('13511112222');
  await duty.screenshot({ path: `${shots}/duty-conditional-revealed-390.png` });
  await duty.context().close();

  const admin = await signedInPage(browser, '/admin/qiongshan/audit', 'admin', desktop);
  await admin.getByTestId('audit-entity').selectOption('personal_data');
  const reads = admin.getByTestId('audit-row').filter({ hasText: `容缺受理 ${ticket.number}` });
  await expect(reads).toHaveCount(2);
  await expect(reads.filter({ hasText: 'c11' })).toContainText('原因：容缺提醒');
  await expect(reads.filter({ hasText: 'leader' })).toContainText('原因：容缺提醒（提醒周五前补交）');
  await admin.context().close();
});
