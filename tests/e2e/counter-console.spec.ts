import { type APIRequestContext, type Browser, type Page, type Request, expect, test } from '@playwright/test';
import { CounterConsole } from './pages';

// This file uses counters 6–9 only (c06–c09); the other specs work with counters 1–5.

interface HallDetail {
  services: Array<{ id: string; prefix: string; name: string }>;
  counters: Array<{ id: string; number: number; serviceIds: string[] }>;
}

interface Issued {
  number: string;
  token: string;
}

const password = process.env.DEMO_PASSWORD ?? 'demo1234';

async function hallDetail(request: APIRequestContext): Promise<HallDetail> {
  return (await (await request.get('/api/v1/halls/qiongshan')).json()) as HallDetail;
}

function serviceByPrefix(hall: HallDetail, prefix: string) {
  const service = hall.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix}`);
  return service;
}

/** A citizen takes a number through the API, as the kiosk does. */
async function takeTicket(request: APIRequestContext, serviceId: string): Promise<Issued> {
  const response = await request.post('/api/v1/halls/qiongshan/tickets', { data: { serviceId } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { ticket: Issued }).ticket;
}

async function citizenView(request: APIRequestContext, token: string) {
  const response = await request.get(`/api/v1/tickets/${token}`);
  return ((await response.json()) as { ticket: { status: string; serviceName: string; counterNumber: number | null } }).ticket;
}

async function openDesk(browser: Browser, username: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const desk = new CounterConsole(await context.newPage());
  await desk.signIn(username, password);
  // Sign-in left the focus on nothing in particular: the keys go to the console.
  await desk.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  return { context, desk };
}

/** Start and complete the current ticket from the keyboard, one step after the other. */
async function finishVisit(desk: CounterConsole, number: string) {
  await desk.press('s');
  await desk.expectCurrent(number, 'serving');
  await desk.press('c');
  await expect(desk.dialog('complete')).toBeVisible();
  await desk.press('Enter');
  await desk.expectNoCurrent();
}

/** Every POST a page sends to one counter command. */
function countPosts(page: Page, action: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/${action}`)) seen.push(request);
  });
  return seen;
}

test('the keyboard flow of a whole visit: open, call, recall, start, complete, call, transfer, pause, resume', async ({ browser, request }) => {
  const hall = await hallDetail(request);
  const social = serviceByPrefix(hall, 'D');
  const fund = serviceByPrefix(hall, 'J');
  const first = await takeTicket(request, social.id);
  const second = await takeTicket(request, social.id);

  const { context, desk } = await openDesk(browser, 'c06');
  const page = desk.page;
  try {
    // Counter 6 starts the day closed: O opens it.
    expect((await desk.state()).counter.status).toBe('closed');
    await desk.press('o');
    await desk.expectCounterStatus('open');
    expect((await desk.state()).counter.status).toBe('open');

    // The help lists the keys; Esc closes it.
    await desk.press('Shift+?');
    await expect(desk.dialog('help')).toBeVisible();
    await expect(desk.dialog('help')).toContainText('F1');
    await desk.press('Escape');
    await expect(desk.dialog('help')).toBeHidden();

    // The preview names who call next takes: the head of the queue in policy order.
    const head = (await desk.state()).queue[0];
    expect(head, 'someone waits for counter 6').toBeTruthy();
    await expect(page.getByTestId('call-next-preview')).toContainText(head?.number ?? '');
    await expect(page.getByTestId(`queue-item-${head?.number}`)).toHaveClass(/is-next/);

    // F1 calls it.
    await desk.press('F1');
    await desk.expectCurrent(head?.number ?? '', 'called');
    let state = await desk.state();
    expect(state.current).toMatchObject({ number: head?.number, status: 'called' });
    expect(state.queue.map((q) => q.id)).not.toContain(head?.id);

    // R announces it again.
    await desk.press('r');
    await expect(page.getByTestId('current-recalls')).toBeVisible();
    expect((await desk.state()).current?.recallCount).toBe(1);

    // S starts service; the service's guide is on screen.
    await desk.press('s');
    await desk.expectCurrent(head?.number ?? '', 'serving');
    expect((await desk.state()).current?.status).toBe('serving');
    await expect(page.getByTestId('guide-service')).toContainText(state.current?.serviceName ?? '');
    await expect(page.getByTestId('guide-materials').locator('li').first()).toBeVisible();

    // C asks for the outcome: 3 picks "consulted" and moves to the note, Enter completes.
    await desk.press('c');
    await expect(desk.dialog('complete')).toBeVisible();
    await desk.press('3');
    await expect(page.getByTestId('outcome-consulted')).toHaveClass(/is-selected/);
    await page.keyboard.type('已当面答复');
    const completed = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/complete'));
    await desk.press('Enter');
    expect((await completed).postDataJSON()).toEqual({ outcome: 'consulted', note: '已当面答复' });
    await expect(desk.dialog('complete')).toBeHidden();
    await desk.expectNoCurrent();
    expect((await desk.state()).current).toBeNull();
    if (head?.number === first.number) expect((await citizenView(request, first.token)).status).toBe('completed');

    // Space calls the next one.
    const next = (await desk.state()).queue[0];
    expect(next).toBeTruthy();
    await desk.press('Space');
    await desk.expectCurrent(next?.number ?? '', 'called');
    state = await desk.state();
    expect(state.current?.number).toBe(next?.number);

    // T transfers it: type to filter, Enter picks, type the note, Enter sends.
    await desk.press('t');
    await expect(desk.dialog('transfer')).toBeVisible();
    await page.keyboard.type('公积金');
    await desk.press('Enter');
    await expect(page.getByTestId('transfer-chosen')).toContainText(fund.name);
    await page.keyboard.type('请到公积金窗口办理提取');
    await desk.press('Enter');
    await expect(desk.dialog('transfer')).toBeHidden();
    await desk.expectNoCurrent();
    state = await desk.state();
    expect(state.current).toBeNull();
    // Counter 6 serves 公积金 too: the ticket waits again there, with its number and the note.
    const moved = state.queue.find((q) => q.number === next?.number);
    expect(moved?.serviceName).toBe(fund.name);
    if (next?.number === second.number) {
      const view = await citizenView(request, second.token);
      expect(view).toMatchObject({ status: 'waiting', serviceName: fund.name });
    }

    // Z pauses with a reason from the list (1 = 午休); while paused, F1 calls nobody.
    await desk.press('z');
    await expect(desk.dialog('pause')).toBeVisible();
    await desk.press('1');
    await desk.press('Enter');
    await expect(desk.dialog('pause')).toBeHidden();
    await desk.expectCounterStatus('paused');
    await expect(page.getByTestId('pause-reason-shown')).toContainText('午休');
    expect((await desk.state()).counter).toMatchObject({ status: 'paused', pauseReason: '午休' });
    await desk.press('F1');
    await expect(page.getByTestId('console-info')).toBeVisible();
    expect((await desk.state()).current).toBeNull();

    // Z again resumes.
    await desk.press('z');
    await desk.expectCounterStatus('open');
    expect((await desk.state()).counter).toMatchObject({ status: 'open', pauseReason: null });
    await expect(page.getByTestId('console-error')).toBeHidden();
  } finally {
    await context.close();
  }
});

test('a double click on call next, a double key press and a held key each call one ticket', async ({ browser, request }) => {
  const hall = await hallDetail(request);
  const realEstate = serviceByPrefix(hall, 'C');
  for (let i = 0; i < 4; i++) await takeTicket(request, realEstate.id);

  const { context, desk } = await openDesk(browser, 'c07');
  const page = desk.page;
  const calls = countPosts(page, 'call-next');
  try {
    const before = await desk.state();
    expect(before.counter.status).toBe('open');
    expect(before.current).toBeNull();
    const [q0, q1, q2, q3] = before.queue;
    expect(q3, 'four tickets wait for counter 7').toBeTruthy();

    await page.getByTestId('btn-call-next').dblclick();
    await desk.expectCurrent(q0?.number ?? '', 'called');
    await page.waitForTimeout(500);
    let state = await desk.state();
    expect(state.current?.number).toBe(q0?.number);
    expect(state.queue[0]?.number).toBe(q1?.number);
    expect(state.queue).toHaveLength(before.queue.length - 1);
    expect(calls).toHaveLength(1);
    await expect(page.getByTestId('console-error')).toBeHidden();

    // Finish it from the keyboard, then press F1 twice as fast as the keyboard sends it.
    await finishVisit(desk, q0?.number ?? '');
    await desk.press('F1', 'F1');
    await desk.expectCurrent(q1?.number ?? '', 'called');
    await page.waitForTimeout(500);
    state = await desk.state();
    expect(state.current?.number).toBe(q1?.number);
    expect(state.queue[0]?.number).toBe(q2?.number);
    expect(calls).toHaveLength(2);
    await expect(page.getByTestId('console-error')).toBeHidden();

    // A held key auto-repeats (keydown with repeat): still one call.
    await finishVisit(desk, q1?.number ?? '');
    await page.keyboard.down('Space');
    await page.keyboard.down('Space');
    await page.keyboard.down('Space');
    await page.keyboard.up('Space');
    await desk.expectCurrent(q2?.number ?? '', 'called');
    await page.waitForTimeout(500);
    state = await desk.state();
    expect(state.current?.number).toBe(q2?.number);
    expect(state.queue[0]?.number).toBe(q3?.number);
    expect(calls).toHaveLength(3);
    await expect(page.getByTestId('console-error')).toBeHidden();
  } finally {
    await context.close();
  }
});

test('an answer lost on the way is retried with the same key and the call happens once', async ({ browser, request }) => {
  const hall = await hallDetail(request);
  const fund = serviceByPrefix(hall, 'J');
  await takeTicket(request, fund.id);
  await takeTicket(request, fund.id);

  const { context, desk } = await openDesk(browser, 'c08');
  const page = desk.page;
  const keys: string[] = [];
  let dropped = false;
  // The first call reaches the server, which acts; its answer is then lost (a network blip).
  await page.route('**/api/v1/counters/*/call-next', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (dropped) return route.continue();
    dropped = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  try {
    const before = await desk.state();
    const [q0, q1] = before.queue;
    expect(q1, 'two tickets wait for counter 8').toBeTruthy();

    await desk.press('F1');
    // The console resends the command with the same key; the server answers with the stored result.
    await expect.poll(() => keys.length).toBe(2);
    expect(keys[1]).toBe(keys[0]);
    await desk.expectCurrent(q0?.number ?? '', 'called');
    await expect(page.getByTestId('btn-call-next')).toBeDisabled();
    const state = await desk.state();
    expect(state.current?.number).toBe(q0?.number);
    expect(state.queue[0]?.number).toBe(q1?.number);
    await expect(page.getByTestId('console-error')).toBeHidden();
  } finally {
    await context.close();
  }
});

test('the 过号 dialog says the hall\'s rejoin window, or that this hall has none', async ({ browser, playwright, request, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL });
  expect((await admin.post('/api/v1/auth/login', { data: { username: 'admin', password } })).status()).toBe(200);
  const settingsPath = '/api/v1/admin/halls/qiongshan/settings';
  const saved = (await (await admin.get(settingsPath)).json()) as { settings: { rejoinMinutes: number; rejoinLimit: number } };
  const setRules = async (rules: { rejoinMinutes?: number; rejoinLimit?: number }) => {
    const res = await admin.patch(settingsPath, { data: rules });
    expect(res.status(), await res.text()).toBe(200);
  };
  const { context, desk } = await openDesk(browser, 'c08');
  const page = desk.page;
  const dialogText = async () => {
    await page.getByTestId('btn-no-show').click();
    const dialog = desk.dialog('no-show');
    await expect(dialog).toBeVisible();
    const text = (await dialog.textContent()) ?? '';
    return { dialog, text };
  };
  try {
    await setRules({ rejoinMinutes: 15, rejoinLimit: 1 });
    await page.reload();
    await desk.ready();
    // The test before leaves a ticket called at counter 8; on its own this test calls one.
    const current = (await desk.state()).current;
    if (!current) await takeTicket(request, serviceByPrefix(await hallDetail(request), 'J').id);
    const number = current?.status === 'called' ? current.number : await desk.callNext();
    await desk.ready();

    // The citizen's page offers 重新排队 for 15 minutes: the clerk reads the same.
    let shown = await dialogText();
    await expect(shown.dialog).toContainText(`${number} 过号？`);
    await expect(shown.dialog).toContainText('过号后，群众可在 15 分钟内在手机排队页上“重新排队”（排到队尾）；超过时限需重新取号。');
    await page.screenshot({ path: 'test-results/counter-console/no-show-rejoin-15.png' });
    await desk.press('Escape');

    // No rejoin at all (no minutes, or no times allowed): the clerk says a new number is needed.
    for (const rules of [{ rejoinMinutes: 0, rejoinLimit: 1 }, { rejoinMinutes: 15, rejoinLimit: 0 }]) {
      await setRules(rules);
      await page.reload();
      await desk.ready();
      shown = await dialogText();
      await expect(shown.dialog).toContainText('本大厅过号后不能重新排队，群众需重新取号。');
      expect(shown.text).not.toContain('重新排队”');
      await page.screenshot({ path: `test-results/counter-console/no-show-no-rejoin-${rules.rejoinMinutes}-${rules.rejoinLimit}.png` });
      await desk.press('Escape');
    }
    await page.getByTestId('btn-no-show').click();
    await desk.page.getByTestId('no-show-confirm').click();
    await desk.expectNoCurrent();
  } finally {
    await setRules({ rejoinMinutes: saved.settings.rejoinMinutes, rejoinLimit: saved.settings.rejoinLimit });
    await admin.dispose();
    await context.close();
  }
});
