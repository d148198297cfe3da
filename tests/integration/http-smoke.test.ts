// Drivers: postgres. Why: one request through the HTTP stack; the driver is covered by smoke on both.
import { expect, it } from 'vitest';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { login } from '../support/server';

const { handle, server } = withHallServer();

it('takes a number over HTTP and calls it from the counter', async () => {
  const hall = await createHallFixture(handle.db);
  const res = await fetch(`${server.url}/api/v1/halls/${hall.slug}/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: hall.serviceIds.A, phone: '13812341234' }),
  });
  expect(res.status).toBe(201);
  const { ticket } = (await res.json()) as { ticket: { number: string; token: string; url: string } };
  expect(ticket.number).toBe('A001');
  expect(ticket.url).toBe(`/t/${ticket.token}`);
  const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
  const call = await fetch(`${server.url}/api/v1/counters/${hall.counterIds[1]}/call-next`, {
    method: 'POST',
    headers: { cookie, 'idempotency-key': 'k1' },
  });
  expect(call.status).toBe(200);
  const called = (await call.json()) as { ticket: { number: string; phoneMasked: string } };
  expect(called.ticket.number).toBe('A001');
  expect(called.ticket.phoneMasked).toBe('138****1234');
  const view = (await (await fetch(`${server.url}/api/v1/tickets/${ticket.token}`)).json()) as { ticket: unknown };
  expect(view.ticket).toMatchObject({ status: 'called', counterNumber: 1, phoneMasked: '138****1234' });
  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toContain('/api/v1/counters/{counterId}/call-next');
});
