import { type Browser, type BrowserContext, type Page, type Response, expect, test } from '@playwright/test';
import { CounterDesk, CounterStripScreen, HallTv } from './pages/display';
import type { CounterStateView } from './pages/index';
import { AppProcess } from './support/app-process';
import { demoPassword } from './support/sign-in';
import { installSpeechStub } from './support/speech-stub';

/*
 * The pages' script Content-Security-Policy (server/http/security-headers.ts) in Chromium:
 * every page of the app, as the role that uses it, loads with no violation reported and its
 * scripts running (Next's runtime, our nonced inline scripts, the islands and their sockets);
 * a script injected into a page without the nonce does not run. On an app of this file's
 * own, so the calls made here meet no other spec's queue.
 */

const hall = 'qiongshan';
const desktop = { width: 1440, height: 900 };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

declare global {
  interface Window {
    /** Every securitypolicyviolation the page saw, as "directive blocked-uri". */
    __csp?: string[];
    __hbTextToggle?: boolean;
    __injected?: string;
    __withNonce?: boolean;
    next?: unknown;
    io?: unknown;
  }
}

let app: AppProcess;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = await AppProcess.create({ env: { RATE_LIMITS: 'off' } });
  await app.start();
});

test.afterAll(async () => {
  await app.dispose();
});

/** Collects violations from the page's own event and from Chromium's console. */
async function watched(context: BrowserContext): Promise<{ page: Page; console: string[] }> {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp?.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) console.push(m.text());
  });
  return { page, console };
}

async function newWatched(browser: Browser, options: Parameters<Browser['newContext']>[0] = { viewport: desktop }) {
  const context = await browser.newContext(options);
  return { context, ...(await watched(context)) };
}

async function signIn(page: Page, username: string) {
  await page.goto(`${app.url}/counter`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-submit')).toHaveCount(0, { timeout: 15_000 });
}

/** What a page is: an App Router page runs Next's runtime; a citizen page only its islands. */
interface Visit {
  path: string;
  kind: 'app' | 'citizen';
  /** The site header, whose large-text toggle is a nonced inline script. */
  header: boolean;
  /** The page's own sign that its scripts work (a live socket, an island's answer). */
  ready?: (page: Page) => Promise<void>;
  /** Saved under test-results/csp/ for a reviewer to look at (not compared). */
  shot?: string;
}

const live = (testId: string, attribute = 'data-state') => async (page: Page) => {
  await expect(page.getByTestId(testId)).toHaveAttribute(attribute, 'live', { timeout: 15_000 });
};

/** Opens the page and checks its policy, that its scripts ran, and that nothing was refused. */
async function visit(page: Page, console: string[], v: Visit) {
  const response: Response | null = await page.goto(`${app.url}${v.path}`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy, v.path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  if (v.kind === 'app') await expect.poll(() => page.evaluate(() => window.next !== undefined), { message: `${v.path}: Next's runtime` }).toBe(true);
  else expect(await page.evaluate(() => window.next), v.path).toBeUndefined();
  if (v.header) await expect.poll(() => page.evaluate(() => window.__hbTextToggle === true), { message: `${v.path}: the header's script` }).toBe(true);
  await v.ready?.(page);
  // Scripts a page loads late (a chunk, the Socket.IO client) have had their chance.
  await page.waitForTimeout(300);
  if (v.shot) await page.screenshot({ path: `test-results/csp/${v.shot}.png` });
  // Soft: one run names every page that breaks the policy, not only the first.
  expect.soft(await page.evaluate(() => window.__csp ?? []), v.path).toEqual([]);
  expect.soft(console.splice(0), v.path).toEqual([]);
}

test('every page loads with the policy on and no violation, its scripts running, as the role that uses it', async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  const api = await playwright.request.newContext({ baseURL: app.url });
  const home = (await (await api.get(`/api/v1/halls/${hall}`)).json()) as { services: Array<{ id: string; prefix: string }> };
  const serviceD = home.services.find((s) => s.prefix === 'D')?.id;
  const taken = await api.post(`/api/v1/halls/${hall}/tickets`, { data: { serviceId: serviceD } });
  expect(taken.status()).toBe(201);
  const ticket = ((await taken.json()) as { ticket: { id: string; token: string } }).ticket;
  await api.dispose();

  const anonymous: Visit[] = [
    { path: '/', kind: 'app', header: true },
    // `?lang=` goes through proxy.ts, which forwards the request's headers, policy included.
    { path: '/?lang=en', kind: 'app', header: true },
    { path: `/h/${hall}?lang=zh-CN`, kind: 'citizen', header: true },
    { path: `/h/${hall}`, kind: 'citizen', header: true, shot: 'home-390x844' },
    { path: `/h/no-such-hall`, kind: 'citizen', header: true },
    { path: `/take/${hall}`, kind: 'citizen', header: true },
    { path: `/t/${ticket.token}`, kind: 'citizen', header: true, ready: (p) => expect(p.getByTestId('ticket-number')).toBeVisible() },
    { path: '/t/AAAAAAAAAAAAAAAAAAAAAAAA', kind: 'citizen', header: true },
    { path: `/h/${hall}/book`, kind: 'app', header: true },
    { path: `/h/${hall}/check-in`, kind: 'app', header: true },
    { path: '/case', kind: 'app', header: true },
    { path: `/kiosk/${hall}`, kind: 'app', header: false, ready: (p) => expect(p.getByTestId('kiosk')).toHaveAttribute('data-screen', 'start') },
    { path: `/kiosk/${hall}/check-in`, kind: 'app', header: false },
    { path: `/display/${hall}`, kind: 'app', header: false, ready: live('display', 'data-connection') },
    { path: `/display/${hall}/counter/2`, kind: 'app', header: false, ready: live('strip', 'data-connection') },
    { path: '/no-such-page', kind: 'app', header: true },
    // The sign-in form, as every staff page shows it to someone not signed in.
    { path: '/counter', kind: 'app', header: true, ready: (p) => expect(p.getByTestId('login-submit')).toBeVisible() },
    { path: '/leader', kind: 'app', header: false },
    { path: '/admin', kind: 'app', header: true },
  ];
  const byRole: Array<{ username: string; visits: Visit[] }> = [
    {
      username: 'c03',
      visits: [
        { path: '/counter', kind: 'app', header: true, ready: live('connection'), shot: 'counter-1440x900' },
        { path: '/print/find', kind: 'app', header: false },
        ...['slip', 'receipt', 'notice', 'commitment'].map((doc): Visit => ({ path: `/print/${ticket.id}/${doc}`, kind: 'app', header: false })),
        { path: '/account/password', kind: 'app', header: true },
      ],
    },
    {
      username: 'leader',
      visits: [
        { path: '/leader', kind: 'app', header: false },
        { path: `/leader/${hall}`, kind: 'app', header: false, ready: live('connection') },
        { path: '/leader/daily', kind: 'app', header: false },
        { path: '/leader/history', kind: 'app', header: false },
        { path: '/leader/rectification', kind: 'app', header: true, ready: live('connection') },
        { path: '/duty', kind: 'app', header: true, ready: live('connection') },
      ],
    },
    { username: 'volunteer', visits: [{ path: '/volunteer', kind: 'app', header: true }] },
    { username: 'inspector', visits: [{ path: '/inspect', kind: 'app', header: true }] },
    {
      username: 'admin',
      visits: [
        { path: '/admin', kind: 'app', header: true },
        ...['', '/services', '/counters', '/staff', '/duty', '/displays', '/settings', '/audit'].map(
          (sub): Visit => ({ path: `/admin/${hall}${sub}`, kind: 'app', header: true }),
        ),
      ],
    },
  ];

  const citizen = await newWatched(browser, phone);
  try {
    for (const v of anonymous) await visit(citizen.page, citizen.console, v);
  } finally {
    await citizen.context.close();
  }
  for (const { username, visits } of byRole) {
    const staff = await newWatched(browser);
    try {
      await signIn(staff.page, username);
      for (const v of visits) await visit(staff.page, staff.console, v);
    } finally {
      await staff.context.close();
    }
  }
});

test('under the policy the islands work: the home takes a number, the ticket page, the TV and the strip follow the call', async ({
  browser,
  playwright,
}) => {
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await installSpeechStub(tvContext);
  const tv = await watched(tvContext);
  const stripContext = await browser.newContext({ viewport: { width: 1280, height: 320 } });
  const strip = await watched(stripContext);
  const citizen = await newWatched(browser, phone);
  const desk = await CounterDesk.signIn(playwright, app.url, 'c02');
  try {
    const board = new HallTv(tv.page);
    await board.open(hall, app.url);
    const stripScreen = new CounterStripScreen(strip.page);
    await stripScreen.open(hall, 2, app.url);

    // The hall home's island: the take sheet opens and the number is taken.
    await citizen.page.goto(`${app.url}/h/${hall}`);
    await citizen.page.getByTestId('service-D').click();
    await expect(citizen.page.getByTestId('take-sheet')).toBeVisible();
    await citizen.page.getByTestId('take-confirm').click();
    await citizen.page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    const number = ((await citizen.page.getByTestId('ticket-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^D\d{3}$/);
    // The ticket island loaded the Socket.IO client itself (allowed by 'strict-dynamic').
    await expect.poll(() => citizen.page.evaluate(() => typeof window.io)).toBe('function');

    // Counter 2 calls exactly this ticket; the phone, the TV and the strip show it live.
    await desk.ready();
    const state = (await desk.state()) as unknown as CounterStateView;
    const queued = state.queue.find((t) => t.number === number);
    expect(queued, `${number} in counter 2's queue`).toBeDefined();
    const called = await desk.command('call', { ticketId: queued?.id, reason: 'CSP 测试' });
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    await expect(citizen.page.getByTestId('ticket-counter')).toContainText('2', { timeout: 10_000 });
    await board.expectLatestCall(number, 2, 10_000);
    await expect(stripScreen.ticket).toContainText(number, { timeout: 10_000 });

    for (const [name, w] of [
      ['citizen', citizen],
      ['tv', tv],
      ['strip', strip],
    ] as const) {
      expect(await w.page.evaluate(() => window.__csp ?? []), name).toEqual([]);
      expect(w.console, name).toEqual([]);
    }
    await citizen.page.screenshot({ path: 'test-results/csp/ticket-called-390x844.png' });
    await tv.page.screenshot({ path: 'test-results/csp/tv-1920x1080.png' });
  } finally {
    await desk.ready();
    await desk.dispose();
    await Promise.all([tvContext.close(), stripContext.close(), citizen.context.close()]);
  }
});

test('the policy bites: scripts without the nonce do not run, the page’s own still do', async ({ browser }) => {
  const { context, page } = await newWatched(browser, phone);
  try {
    // A stored-XSS stand-in: markup the server would have sent inside the page. The one
    // script given the response's own nonce is the control: the nonce is what decides.
    await page.route(`**/h/${hall}`, async (route) => {
      const response = await route.fetch();
      const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1] ?? 'missing';
      const injected =
        '<script>window.__injected = "inline"</script>' +
        '<script nonce="AAAAAAAAAAAAAAAAAAAAAA==">window.__injected = "guessed nonce"</script>' +
        '<img alt="" src="/icon.svg" onload="window.__injected = \'handler\'">' +
        '<script src="/socket.io/socket.io.min.js"></script>' +
        `<script nonce="${nonce}">window.__withNonce = true</script>`;
      const body = (await response.text()).replace('</main>', `${injected}</main>`);
      await route.fulfill({ response, body });
    });
    await page.goto(`${app.url}/h/${hall}`);
    // The page's own nonced scripts ran: the header's toggle and the home island.
    await expect.poll(() => page.evaluate(() => window.__hbTextToggle === true)).toBe(true);
    await page.getByTestId('service-D').click();
    await expect(page.getByTestId('take-sheet')).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => (window.__csp ?? []).map((v) => v.split(' ')[0]).sort()))
      .toEqual(['script-src-attr', 'script-src-elem', 'script-src-elem', 'script-src-elem']);
    // Same origin is not enough: 'strict-dynamic' trusts only what a nonced script loads.
    expect(await page.evaluate(() => [window.__injected, typeof window.io, window.__withNonce])).toEqual([undefined, 'undefined', true]);
  } finally {
    await context.close();
  }
});
