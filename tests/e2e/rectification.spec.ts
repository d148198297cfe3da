import { type APIRequestContext, expect, request as playwrightRequest, test } from '@playwright/test';
import { demoPassword, signedInPage } from './support/sign-in';

// This file uses the demo inspector `inspector` and the demo leader `leader` of qiongshan;
// its orders are found by a summary no other spec writes. The appeal uses dayuan, whose
// clerk dy-c03, leader dy-leader and admin dy-admin no other spec signs in as.

/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/rectification';


test('体验员 files a report on /inspect; the leader sees its work order appear live on /leader/rectification and walks a step', async ({ browser }) => {
  const tag = Date.now().toString(36);
  const summary = `下午走访：2 号窗口离岗约 15 分钟，无暂停提示（${tag}）`;

  const leader = await signedInPage(browser, '/leader/rectification', 'leader', { width: 1440, height: 900 });
  await expect(leader.getByTestId('rect-board')).toBeVisible();
  await expect(leader.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const phone = await signedInPage(browser, '/inspect', 'inspector', { width: 390, height: 844 });
  await expect(phone.getByTestId('inspect-page')).toBeVisible();
  await expect(phone.getByTestId('inspect-visited')).not.toHaveValue('');
  await phone.getByTestId('inspect-service').selectOption({ label: '企业开办' });
  await phone.getByTestId('inspect-counter').selectOption({ label: '2号综合窗口' });
  for (const [key, score] of [['efficiency', 3], ['serviceLevel', 3], ['attitude', 2], ['environment', 4], ['guidance', 2]] as const) {
    await phone.getByTestId(`score-${key}-${score}`).click();
  }
  await phone.getByTestId('inspect-problem-0').fill('窗口人员离岗未放置暂停服务牌');
  await phone.getByTestId('inspect-add-problem').click();
  await phone.getByTestId('inspect-problem-1').fill('导办台无人值守，群众不知道取哪个号');
  await phone.getByTestId('inspect-summary').fill(summary);
  await phone.screenshot({ path: `${shots}/inspect-390.png`, fullPage: true });
  await phone.getByTestId('inspect-submit').click();
  await expect(phone.getByTestId('inspect-done')).toHaveText('报告已提交，发现的问题已生成整改工单');
  const mine = phone.getByTestId('inspect-report').filter({ hasText: summary });
  await expect(mine.getByTestId('inspect-report-status')).toHaveText('整改进度：核实');

  // The order reaches the leader's page without a reload.
  const card = leader.getByTestId('rect-order').filter({ hasText: summary });
  await expect(card).toBeVisible();
  await expect(leader.getByTestId('rect-fresh')).toBeVisible();
  await expect(card).toHaveAttribute('data-step', 'verify');
  await expect(card).toContainText('导办台无人值守，群众不知道取哪个号');
  await expect(card).toContainText('2 号窗口');
  await expect(card.getByTestId('rect-deadline')).toContainText('核实期限');
  await leader.screenshot({ path: `${shots}/rectification-1440.png` });

  // A note is required; with one, the step is done and the next one has its deadline.
  await card.getByTestId('rect-advance').click();
  await expect(card.locator('.field-error')).toHaveText('请填写办理情况');
  await card.getByTestId('rect-note').fill('已调取监控核实，情况属实');
  await card.getByTestId('rect-advance').click();
  await expect(card).toHaveAttribute('data-step', 'rectify');
  await expect(card.getByTestId('rect-deadline')).toContainText('整改期限');
  await expect(card).toContainText('已调取监控核实，情况属实');
  await leader.screenshot({ path: `${shots}/rectification-1440-after-step.png` });

  await phone.reload();
  await expect(phone.getByTestId('inspect-report').filter({ hasText: summary }).getByTestId('inspect-report-status')).toHaveText('整改进度：整改');
  await phone.screenshot({ path: `${shots}/inspect-390-reports.png`, fullPage: true });

  await leader.context().close();
  await phone.context().close();
});

async function signedInApi(baseURL: string, username: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post('/api/v1/auth/login', { data: { username, password: demoPassword } })).status()).toBe(200);
  return api;
}

/** A visit at dayuan served by dy-c03 and rated 非常不满意 by the citizen: it opens a work order. */
async function badlyRatedVisit(baseURL: string): Promise<string> {
  const citizen = await playwrightRequest.newContext({ baseURL });
  const hall = (await (await citizen.get('/api/v1/halls/dayuan')).json()) as { services: Array<{ id: string; prefix: string }> };
  const serviceId = hall.services.find((s) => s.prefix === 'D')?.id;
  const taken = await citizen.post('/api/v1/halls/dayuan/tickets', { data: { serviceId } });
  expect(taken.status()).toBe(201);
  const ticket = ((await taken.json()) as { ticket: { id: string; number: string; token: string } }).ticket;
  const clerk = await signedInApi(baseURL, 'dy-c03');
  const me = (await (await clerk.get('/api/v1/me')).json()) as { me: { counterId: string } };
  const counter = me.me.counterId;
  await clerk.post(`/api/v1/counters/${counter}/open`, { data: {} });
  expect((await clerk.post(`/api/v1/counters/${counter}/call`, { data: { ticketId: ticket.id, reason: '测试：指定叫号' } })).status()).toBe(200);
  expect((await clerk.post(`/api/v1/counters/${counter}/start`, { data: {} })).status()).toBe(200);
  expect((await clerk.post(`/api/v1/counters/${counter}/complete`, { data: {} })).status()).toBe(200);
  const rated = await citizen.post(`/api/v1/tickets/${ticket.token}/rating`, { data: { level: 'very_dissatisfied', comment: '工作人员态度恶劣（测试申诉）' } });
  expect(rated.status(), await rated.text()).toBe(201);
  await clerk.dispose();
  await citizen.dispose();
  return ticket.number;
}

test('an appeal of a bad rating takes two leaders: one asks, the other upholds, and both screens follow live', async ({ browser, baseURL }) => {
  const number = await badlyRatedVisit(baseURL ?? '');
  const leader = await signedInPage(browser, '/leader/rectification', 'dy-leader', { width: 1440, height: 900 });
  const admin = await signedInPage(browser, '/leader/rectification', 'dy-admin', { width: 1440, height: 900 });
  const mine = leader.getByTestId('rect-order').filter({ hasText: number }).filter({ hasText: '工作人员态度恶劣（测试申诉）' });
  const theirs = admin.getByTestId('rect-order').filter({ hasText: number }).filter({ hasText: '工作人员态度恶劣（测试申诉）' });
  await expect(mine).toBeVisible();
  await expect(theirs).toBeVisible();
  await expect(admin.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // The first leader asks; the form says a second leader must confirm.
  await mine.getByTestId('rect-appeal').click();
  await expect(mine.locator('.rect-appeal')).toContainText('申诉须由另一位领导确认后，差评才会剔除。');
  await mine.getByTestId('rect-appeal-reason').fill('同一号码当日连续差评，经核实为恶意评价');
  await mine.getByTestId('rect-appeal-confirm').click();
  const waitingHere = mine.getByTestId('rect-appeal-waiting');
  await expect(waitingHere).toContainText('吴海燕');
  await expect(waitingHere).toContainText('等待另一位领导确认。');
  await expect(mine.getByTestId('rect-appeal-uphold')).toHaveCount(0);
  await expect(mine.getByTestId('rect-appeal-withdraw')).toBeVisible();
  await leader.screenshot({ path: `${shots}/appeal-asked-1440.png` });

  // The second one sees it arrive without a reload, and upholds it with a note.
  const waitingThere = theirs.getByTestId('rect-appeal-waiting');
  await expect(waitingThere).toContainText('同一号码当日连续差评，经核实为恶意评价');
  await expect(waitingThere).toContainText('请核实后确认或驳回。');
  await theirs.getByTestId('rect-appeal-uphold').click();
  await expect(theirs.locator('.field-error')).toHaveText('请填写处理说明');
  await theirs.getByTestId('rect-appeal-note').fill('调取评价记录核实无误');
  await admin.screenshot({ path: `${shots}/appeal-to-confirm-1440.png` });
  await theirs.getByTestId('rect-appeal-uphold').click();

  // Closed orders leave the open list on both screens.
  await expect(theirs).toHaveCount(0);
  await expect(mine).toHaveCount(0);
  await admin.getByTestId('rect-filter-all').click();
  const closed = admin.getByTestId('rect-order').filter({ hasText: number }).filter({ hasText: '工作人员态度恶劣（测试申诉）' });
  await expect(closed).toContainText('申诉成立，差评已剔除');
  await expect(closed.getByTestId('rect-appeals')).toContainText('申诉成立 · 大园服务站管理员：调取评价记录核实无误');
  await admin.screenshot({ path: `${shots}/appeal-upheld-1440.png`, fullPage: true });
  await leader.context().close();
  await admin.context().close();
});
