// Drivers: postgres. Why: no database here: the router's deadline, with the database's answer to the ping played by the test.
/**
 * DESIGN.md "Fail fast, never hang": an overdue request answers 503 when the database does
 * not answer a ping, and is left to finish when it does (the server is busy, not cut off).
 * A real HTTP server on a real socket; the route sleeps, the ping says what the test needs.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, route } from '../../server/http/router';
import type { Services } from '../../server/services';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let server: Server | null = null;

async function serve(databaseAnswers: () => Promise<boolean>, handlerMs: number): Promise<string> {
  const slow = route({
    method: 'GET',
    path: '/api/v1/slow',
    summary: 'Sleeps, then answers',
    tags: ['Test'],
    response: z.object({ ok: z.literal(true) }),
    handler: async () => {
      await sleep(handlerMs);
      return { status: 200, body: { ok: true } };
    },
  });
  const router = createRouter([slow], () => ({}) as Services, { secureCookies: false, deadlineMs: 100, databaseAnswers });
  server = createServer((req, res) => void router.handle(req, res));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/slow`;
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

describe('an overdue request', () => {
  it('answers 503 UNAVAILABLE with Retry-After when the database does not answer the ping', async () => {
    let pinged = 0;
    const url = await serve(() => {
      pinged += 1;
      return Promise.resolve(false);
    }, 2_000);
    const reply = await fetch(url);
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(await reply.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(pinged).toBe(1);
  });

  it('is left to finish when the database answers: a busy server is not a broken one', async () => {
    let pinged = 0;
    const url = await serve(() => {
      pinged += 1;
      return Promise.resolve(true);
    }, 600);
    const reply = await fetch(url);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ ok: true });
    expect(pinged).toBe(1);
  });

  it('is not pinged about when it finishes within its deadline', async () => {
    let pinged = 0;
    const url = await serve(() => {
      pinged += 1;
      return Promise.resolve(true);
    }, 0);
    expect((await fetch(url)).status).toBe(200);
    expect(pinged).toBe(0);
  });
});
