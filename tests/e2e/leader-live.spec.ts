import { type APIRequestContext, type Page, expect, test } from '@playwright/test';

// This file uses counter 13 (c13) of the demo hall and the demo leader `leader`; no other spec uses c13.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';
/** Where the screenshots for review go (test-results is emptied by every run). */
const shots = process.env.HB_SHOTS_DIR ?? 'test-results/leader-live';

interface Hall {
  services: Array<{ id: string; prefix: string }>;
  counters: Array<{ id: string; number: number; status: string }>;
}

async function hallOf(request: APIRequestContext): Promise<Hall> {
  return (await (await request.get('/api/v1/halls/qiongshan')).json()) as Hall;
}

/** A number shown on the page, as an integer. */
async function numberIn(page: Page, testId: string, scope = page.locator('body')): Promise<number> {
  return Number((await scope.getByTestId(testId).first().innerText()).replace(/\D+/g, ''));
}

test("the leader's big screen updates live when a counter completes a ticket", async ({ browser, playwright, baseURL }) => {
  const leaderContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const screen = await leaderContext.newPage();
  const counter = await playwright.request.newContext({ baseURL });
  try {
    // Sign-in on the screen itself: the same address then shows the hall's figures.
    await screen.goto('/leader/qiongshan');
    await screen.getByTestId('login-username').fill('leader');
    await screen.getByTestId('login-password').fill(password);
    await screen.getByTestId('login-submit').click();
    await expect(screen.getByTestId('leader-hall')).toBeVisible();
    await expect(screen.getByTestId('connection')).toHaveAttribute('data-state', 'live');

    const hall = await hallOf(counter);
    const c13 = hall.counters.find((c) => c.number === 13);
    const serviceH = hall.services.find((s) => s.prefix === 'H');
    if (!c13 || !serviceH) throw new Error('demo hall without counter 13 or service H');
    const card = screen.locator('[data-testid="counter-card"][data-number="13"]');
    const servedBefore = await numberIn(screen, 'counter-served', card);
    const hallServedBefore = await numberIn(screen, 'kpi-served-value');

    expect((await counter.post('/api/v1/auth/login', { data: { username: 'c13', password } })).status()).toBe(200);
    if (c13.status === 'closed') expect((await counter.post(`/api/v1/counters/${c13.id}/open`, { data: {} })).status()).toBe(200);
    await expect(card).not.toHaveAttribute('data-activity', 'closed');

    const issued = await counter.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId: serviceH.id } });
    expect(issued.status()).toBe(201);
    const ticket = ((await issued.json()) as { ticket: { id: string; number: string } }).ticket;
    // This very ticket, out of turn if others wait: the fairness ledger on the screen shows it.
    expect((await counter.post(`/api/v1/counters/${c13.id}/call`, { data: { ticketId: ticket.id, reason: '大屏演示' } })).status()).toBe(200);
    await expect(card).toHaveAttribute('data-activity', 'serving');
    await expect(card).toContainText(ticket.number);
    await expect(screen.getByTestId('fairness')).toContainText(ticket.number);

    expect((await counter.post(`/api/v1/counters/${c13.id}/start`, { data: {} })).status()).toBe(200);
    expect((await counter.post(`/api/v1/counters/${c13.id}/complete`, { data: {} })).status()).toBe(200);

    // No reload: the push after the completion carries the new figures.
    await expect(card.getByTestId('counter-served')).toContainText(String(servedBefore + 1));
    await expect(card).toHaveAttribute('data-activity', 'idle');
    await expect(screen.getByTestId('kpi-served-value')).toHaveText(String(hallServedBefore + 1));
    // The wait ranges' calibration says on screen what the figures say (checked, or none yet).
    const leaderApi = screen.context().request;
    await expect
      .poll(async () => {
        const live = (await (await leaderApi.get('/api/v1/halls/qiongshan/metrics/live')).json()) as { calibration?: { samples: number; inside: number } | null };
        const text = await screen.getByTestId('eta-calibration').innerText();
        const c = live.calibration;
        return c ? text.includes(`${c.samples} 人中，${c.inside} 人在区间内`) : text.includes('尚无可核对');
      })
      .toBe(true);
    await screen.screenshot({ path: `${shots}/leader-hall-1920.png` });

    // The district screen lists the hall with the same served count, a click away from it.
    await screen.goto('/leader');
    const hallCard = screen.locator('[data-testid="hall-card"][data-hall="qiongshan"]');
    await expect(hallCard.getByTestId('hall-served')).toContainText(String(hallServedBefore + 1));
    await expect(screen.locator('[data-testid="hall-card"][data-hall="dayuan"]')).toBeVisible();
    await expect(screen.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await screen.screenshot({ path: `${shots}/leader-district-1920.png` });
    await hallCard.click();
    await expect(screen).toHaveURL(/\/leader\/qiongshan$/);
    await expect(screen.getByTestId('leader-hall')).toBeVisible();
  } finally {
    const hall = await hallOf(counter);
    const c13 = hall.counters.find((c) => c.number === 13);
    if (c13 && c13.status !== 'closed') await counter.post(`/api/v1/counters/${c13.id}/close`, { data: {} });
    await counter.dispose();
    await leaderContext.close();
  }
});

test('staff who are not leaders are turned away from the leader screens', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto('/leader');
    await page.getByTestId('login-username').fill('c13');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('leader-refused')).toBeVisible();
    await expect(page.getByTestId('leader-district')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('a leader who signs in at the counter page is sent to the leaders’ screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  try {
    await page.goto('/counter');
    await page.getByTestId('login-username').fill('leader');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/leader$/);
    await expect(page.getByTestId('leader-district')).toBeVisible();
  } finally {
    await context.close();
  }
});
