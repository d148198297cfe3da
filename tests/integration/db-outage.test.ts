// Drivers: postgres. Why: the outage is of a PostgreSQL server behind a TCP proxy; the embedded database cannot go away.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../../db/client';
import { createHttpServer } from '../../server/app';
import { systemClock } from '../../server/domain/clock';
import { type Services, createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { type TcpProxy, startTcpProxy } from '../support/tcp-proxy';

// Outages need a database behind a network: this file always runs on PostgreSQL.
// Elapsed times are asserted generously (the machine is shared and noisy); the real
// figures are measured by `npm run chaos` and written to BENCHMARKS.md.
const generousMs = 5_000;

let owner: DbHandle & { url: string | null };
let proxy: TcpProxy;
let handle: DbHandle;
let services: Services;
let server: Server;
let base: string;
let hall: HallFixture;

beforeAll(async () => {
  owner = await openTestDb('postgres');
  hall = await createHallFixture(owner.db);
  const target = new URL(owner.url ?? '');
  proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
  target.port = String(proxy.port);
  // This process's pool reaches the database only through the proxy.
  handle = await openDb({ url: target.toString(), poolSize: 4 });
  services = createServices({ db: handle.db, clock: systemClock, rateLimits: { kind: 'off' } });
  // A stand-in for Next.js that, like the pages, reads through the services.
  // Under /caught/ it also does what Next does with a render that fails: answer its own 500 page.
  const pages = async (req: IncomingMessage, res: ServerResponse) => {
    const render = async () => {
      const halls = await services.halls.list();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<p>${halls.length} halls</p>`);
    };
    if (req.url?.startsWith('/gzip-wait/')) {
      // Compression as Next's does it: headers decided in writeHead (on-headers), body through
      // wrapped write/end. The render then waits on the database.
      const writeHead = res.writeHead.bind(res);
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      const gzip = createGzip();
      gzip.on('data', (chunk: Buffer) => write(chunk));
      gzip.on('end', () => end());
      res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
        res.setHeader('content-encoding', 'gzip');
        res.removeHeader('content-length');
        return writeHead(...args);
      }) as typeof res.writeHead;
      res.write = ((chunk: string) => gzip.write(chunk)) as typeof res.write;
      res.end = ((chunk?: string) => {
        if (chunk) gzip.write(chunk);
        gzip.end();
        return res;
      }) as typeof res.end;
      return render();
    }
    if (req.url?.startsWith('/gzip/')) {
      // As Next's compression does: it wraps write and end after the guard, and sends through them.
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      const gzip = createGzip();
      gzip.on('data', (chunk: Buffer) => write(chunk));
      gzip.on('end', () => end());
      res.setHeader('content-encoding', 'gzip');
      res.write = ((chunk: string) => gzip.write(chunk)) as typeof res.write;
      res.end = ((chunk?: string) => {
        if (chunk) gzip.write(chunk);
        gzip.end();
        return res;
      }) as typeof res.end;
      res.write('<p>compressed, ');
      return void res.end('in two parts</p>');
    }
    if (req.url?.startsWith('/broken/')) {
      res.statusCode = 500;
      return void res.end('A fault of the page itself');
    }
    if (!req.url?.startsWith('/caught/')) return render();
    await render().catch(() => {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('content-length', '21');
      res.end('Internal Server Error');
    });
  };
  server = createHttpServer({ services, pages });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  proxy.mode = 'pass';
  await Promise.race([handle.close(), new Promise((r) => setTimeout(r, 3_000))]);
  await proxy.close();
  await owner.close();
});

async function timed(path: string, init?: RequestInit): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}

const takeNumber = () =>
  timed(`/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: hall.serviceIds.A, channel: 'phone' }),
  });

async function untilReady(limitMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await timed('/readyz')).status === 200) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${limitMs} ms`);
}

describe.each(['blackhole', 'refuse'] as const)('with the database away (%s)', (mode) => {
  it('answers 503 UNAVAILABLE instead of hanging, and serves again once it is back', async () => {
    expect((await timed('/readyz')).status).toBe(200);
    expect((await takeNumber()).status).toBe(201);

    proxy.mode = mode;
    proxy.cut();

    const [api, command, ready, page, compressed] = await Promise.all([
      timed(`/api/v1/halls/${hall.slug}`),
      takeNumber(),
      timed('/readyz'),
      timed(`/h/${hall.slug}`),
      timed('/gzip-wait/page'),
    ]);
    // A page behind compression gets the busy page whole and readable too.
    expect(compressed.status).toBe(503);
    expect(compressed.body).toContain('系统繁忙，请稍后再试');
    for (const reply of [api, command]) {
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      expect(reply.ms).toBeLessThan(generousMs);
    }
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(generousMs);
    expect(page.status).toBe(503);
    expect(page.body).toContain('系统繁忙，请稍后再试');
    expect(page.ms).toBeLessThan(generousMs);

    proxy.mode = 'pass';
    await untilReady(10_000);
    expect((await takeNumber()).status).toBe(201);
    expect((await timed(`/h/${hall.slug}`)).status).toBe(200);
  });
});

describe('a page that fails on the database just after a good readiness check', () => {
  it('gets the busy page with 503, not the renderer\'s 500, and a 500 on a healthy database goes out unchanged', async () => {
    expect((await timed('/caught/page')).status).toBe(200); // the readiness answer is now fresh and good
    proxy.mode = 'refuse';
    proxy.cut();
    const page = await timed('/caught/page');
    expect(page.status).toBe(503);
    expect(page.body).toContain('系统繁忙，请稍后再试');

    proxy.mode = 'pass';
    await untilReady(10_000);
    expect((await timed('/caught/page')).status).toBe(200);
    // A page that a layer after the guard compresses goes out whole and decodable.
    expect(await timed('/gzip/page')).toMatchObject({ status: 200, body: '<p>compressed, in two parts</p>' });
    const broken = await timed('/broken/page');
    expect(broken).toMatchObject({ status: 500, body: 'A fault of the page itself' });
  });
});
