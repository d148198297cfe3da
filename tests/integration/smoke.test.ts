// Drivers: both. Why: migrations apply and a first query answers on each driver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

describe('smoke', () => {
  it('issues, calls, starts, completes', async () => {
    const clock = createFakeClock('2026-11-27T02:00:00Z');
    const services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db);
    const a = await services.tickets.issue(hall.slug, { serviceId: hall.serviceIds.A ?? '' });
    expect(a.ok && a.data.number).toBe('A001');
    const b = await services.tickets.issue(hall.slug, { serviceId: hall.serviceIds.A ?? '' });
    expect(b.ok && b.data.position).toBe(2);
    const called = await services.counters.callNext(hall.staffOf(1), hall.counterIds[1] ?? '');
    expect(called.ok && called.data.ticket?.number).toBe('A001');
    const started = await services.counters.start(hall.staffOf(1), hall.counterIds[1] ?? '');
    expect(started.ok && started.data.ticket?.status).toBe('serving');
    const done = await services.counters.complete(hall.staffOf(1), hall.counterIds[1] ?? '', { outcome: 'handled' });
    expect(done.ok && done.data.ticket?.status).toBe('completed');
    const snap = await services.halls.snapshot(hall.slug);
    expect(snap.ok && snap.data.seq).toBe(8);
    const view = a.ok ? await services.tickets.view(a.data.token) : null;
    expect(view?.ok && view.data.status).toBe('completed');
  });
});
