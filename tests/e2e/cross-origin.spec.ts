import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// This file uses counter 12 (c12) only, which no other spec touches.

const password = process.env.DEMO_PASSWORD ?? 'demo1234';

/**
 * A page on another origin of the same site (127.0.0.1 on another port): the browser sends
 * the SameSite=Lax session cookie with its POSTs, as in the red-team finding. It tries
 * a JSON-looking text/plain fetch and a plain HTML form, the two requests a browser sends
 * across origins without a preflight.
 */
function attackerPage(target: string): string {
  return `<!doctype html><meta charset="utf-8"><title>elsewhere</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${target}" enctype="text/plain" target="sink"><input name='{"reason":"x","y":"' value='"}'></form>
<script>
  fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ reason: '跨站' }) })
    .finally(() => { document.getElementById('f').submit(); setTimeout(() => { document.title = 'done'; }, 500); });
</script>`;
}

let attacker: Server;
test.afterAll(() => new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve())));

test('a page on another origin cannot pause a counter from a signed-in browser; our own page can', async ({ page, baseURL }) => {
  const app = baseURL ?? '';
  const login = await page.request.post(`${app}/api/v1/auth/login`, { data: { username: 'c12', password } });
  expect(login.status()).toBe(200);
  const { me } = (await login.json()) as { me: { counterId: string } };
  const status = async () => {
    const hall = (await (await page.request.get(`${app}/api/v1/halls/qiongshan`)).json()) as { counters: Array<{ id: string; status: string }> };
    return hall.counters.find((c) => c.id === me.counterId)?.status;
  };
  expect(await status()).toBe('open');

  const target = `${app}/api/v1/counters/${me.counterId}/pause`;
  const seen: number[] = [];
  page.on('response', (r) => {
    if (r.url() === target) seen.push(r.status());
  });
  attacker = createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(attackerPage(target));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const elsewhere = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  await page.goto(elsewhere);
  await expect(page).toHaveTitle('done');
  // The form's POST reached the server (the cookie went with it) and was refused.
  await expect.poll(() => seen.length).toBeGreaterThan(0);
  expect(seen.every((s) => s === 403)).toBe(true);
  expect(await status()).toBe('open');

  // The same command from the app's own page, with the same cookie, works: the refusal above
  // was the origin, not a missing session.
  await page.goto(`${app}/counter`);
  const own = await page.evaluate(async (url) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: '会议' }) });
    return r.status;
  }, target);
  expect(own).toBe(200);
  expect(await status()).toBe('paused');
  const resumed = await page.evaluate(async (url) => (await fetch(url, { method: 'POST' })).status, target.replace(/pause$/, 'resume'));
  expect(resumed).toBe(200);
});

test('the real pages carry the security headers; only the hall screens may be framed', async ({ page, baseURL }) => {
  const app = baseURL ?? '';
  for (const path of ['/counter', '/leader', '/h/qiongshan', '/display/qiongshan', '/display/qiongshan/counter/1']) {
    const response = await page.goto(`${app}${path}`);
    const headers = response?.headers() ?? {};
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    const framed = path.startsWith('/display/');
    expect(headers['x-frame-options'], path).toBe(framed ? undefined : 'DENY');
    // The script policy is on every page (csp.spec.ts tests it); framing is refused in it too.
    const policy = headers['content-security-policy'] ?? '';
    expect(policy, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy.includes("frame-ancestors 'none'"), path).toBe(!framed);
  }
});
