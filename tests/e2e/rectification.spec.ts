import { expect, test } from '@playwright/test';
import { signedInPage } from './support/sign-in';

// This file uses the demo inspector `inspector` and the demo leader `leader` of qiongshan;
// its orders are found by a summary no other spec writes.

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
