// Drivers: both. Why: the override is read in call-next's transaction, and the heads of the lanes per service are a window query.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { services as serviceTable } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import type { PriorityClass } from '../../server/domain/ordering';
import { createServices } from '../../server/services';
import { createHallFixture, fixturePassword, hallState } from '../support/admin-fixture';
import { withHallServer } from '../support/hall-server';
import { request } from '../support/http-client';
import { present, unwrap } from '../support/results';
import { login } from '../support/server';

const MINUTE = 60_000;
/** Friday 2026-11-27, 10:00 in Shanghai. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const { handle, server } = withHallServer({ clock });

async function hallWithRules() {
  const hall = await createHallFixture(handle.db, {
    settings: { priorityInterleave: 3, agingMinutes: 30, enforceHours: false },
    counters: [
      { number: 1, serves: ['A'] },
      { number: 2, serves: ['B'] },
      { number: 3, serves: ['A', 'B'] },
    ],
  });
  const cookie = await login(server.url, hall.admin.username, fixturePassword);
  const patch = (prefix: string, json: unknown) =>
    request(server.url, `/api/v1/admin/halls/${hall.slug}/services/${present(hall.serviceIds[prefix])}`, { method: 'PATCH', cookie, json });
  const services = createServices({ db: handle.db, clock });
  const issue = async (prefix: string, priorityClass?: PriorityClass) =>
    unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds[prefix]), priorityClass })).number;
  /** Calls the next ticket at counter N and lets it go, so the counter is free again. */
  const callAndRelease = async (n: number) => {
    const called = unwrap(await services.counters.callNext(hall.staffOf(n), present(hall.counterIds[n])));
    if (called.ticket) unwrap(await services.counters.noShow(hall.staffOf(n), present(hall.counterIds[n])));
    return called.ticket?.number ?? null;
  };
  return { hall, cookie, patch, issue, callAndRelease };
}

describe('ordering rules of a service', () => {
  it('the admin API refuses rules out of range, field by field, and changes nothing', async () => {
    const s = await hallWithRules();
    const before = await hallState(handle.db, s.hall.hallId);
    for (const [field, value] of [
      ['priorityInterleave', -1],
      ['priorityInterleave', 21],
      ['agingMinutes', 0],
      ['waitTargetMinutes', 601],
      ['waitTargetMinutes', '20'],
    ] as const) {
      const reply = await s.patch('A', { [field]: value });
      expect(reply.status, `${field} ${value}`).toBe(400);
      expect(JSON.stringify(reply.json)).toContain(field);
    }
    expect(await hallState(handle.db, s.hall.hallId)).toBe(before);
    expect((await s.patch('A', { priorityInterleave: 2 })).json).toMatchObject({ service: { priorityInterleave: 2 } });
    expect((await s.patch('A', { priorityInterleave: null })).json).toMatchObject({ service: { priorityInterleave: null } });

    const created = await request(server.url, `/api/v1/admin/halls/${s.hall.slug}/services`, {
      method: 'POST',
      cookie: s.cookie,
      json: { prefix: 'C', name: '另设目标的事项', waitTargetMinutes: 15, agingMinutes: 45 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ service: { waitTargetMinutes: 15, agingMinutes: 45, priorityInterleave: null } });
  });

  it('the rules travel with the catalogue, as JSON and as .xlsx; an older catalogue without them leaves them to the hall', async () => {
    const from = await hallWithRules();
    await from.patch('A', { priorityInterleave: 1, agingMinutes: 20, waitTargetMinutes: 12 });
    const exported = await request(server.url, `/api/v1/admin/halls/${from.hall.slug}/services/export`, { cookie: from.cookie });
    const catalogue = exported.json as { services: Array<Record<string, unknown>> };
    expect(catalogue.services.find((r) => r.prefix === 'A')).toMatchObject({ priorityInterleave: 1, agingMinutes: 20, waitTargetMinutes: 12 });

    const viaJson = await hallWithRules();
    const older = catalogue.services.map(({ priorityInterleave: _p, agingMinutes: _a, waitTargetMinutes: _w, ...rest }) =>
      rest.prefix === 'A' ? { ...rest, waitTargetMinutes: 12 } : rest,
    );
    const imported = await request(server.url, `/api/v1/admin/halls/${viaJson.hall.slug}/services/import`, {
      method: 'POST',
      cookie: viaJson.cookie,
      json: { services: older },
    });
    expect(imported.status).toBe(200);
    const rowA = async (hallId: string) =>
      (await handle.db.select().from(serviceTable).where(eq(serviceTable.hallId, hallId))).find((r) => r.prefix === 'A');
    expect(await rowA(viaJson.hall.hallId)).toMatchObject({ priorityInterleave: null, agingMinutes: null, waitTargetMinutes: 12 });

    const viaSheet = await hallWithRules();
    const file = await fetch(`${server.url}/api/v1/admin/halls/${from.hall.slug}/services/export.xlsx`, { headers: { cookie: from.cookie } });
    const bytes = Buffer.from(await file.arrayBuffer());
    const sheetImport = await request(server.url, `/api/v1/admin/halls/${viaSheet.hall.slug}/services/import`, {
      method: 'POST',
      cookie: viaSheet.cookie,
      json: { xlsxBase64: bytes.toString('base64') },
    });
    expect(sheetImport.status).toBe(200);
    expect(await rowA(viaSheet.hall.hallId)).toMatchObject({ priorityInterleave: 1, agingMinutes: 20, waitTargetMinutes: 12 });
  });

  // Last, and all its HTTP first: after the slow calls below a keep-alive socket the server
  // has just closed could meet the next request (seen on PGlite, where the database shares the loop).
  it("a service's own interleave and aging change the call order of that service only", async () => {
    const s = await hallWithRules();
    const interleave = await s.patch('A', { priorityInterleave: 0 });
    expect(interleave.status).toBe(200);
    expect(interleave.json).toMatchObject({ service: { priorityInterleave: 0, agingMinutes: null, waitTargetMinutes: null } });
    expect((await s.patch('B', { agingMinutes: 5 })).status).toBe(200);

    for (const p of ['A', 'B']) {
      await s.issue(p);
      await s.issue(p);
      await s.issue(p, 'elderly');
    }
    // A calls priority at once (its own interleave 0); B keeps the hall's "one after three normal".
    expect(await s.callAndRelease(1)).toBe('A003');
    expect(await s.callAndRelease(2)).toBe('B001');
    // Six minutes on, B's elderly ticket has waited past B's own aging (5) but A's have not
    // reached the hall's (30): the shared counter takes B003 before anything of A.
    clock.advance(6 * MINUTE);
    expect(await s.callAndRelease(3)).toBe('B002');
    expect(await s.callAndRelease(3)).toBe('B003');
    expect(await s.callAndRelease(3)).toBe('A001');

    // Cleared, A goes back to the hall's interleave: a new priority ticket waits behind normal ones.
    // (Written directly: an HTTP call after the slow part can meet a keep-alive socket the server just closed.)
    await handle.db.update(serviceTable).set({ priorityInterleave: null }).where(eq(serviceTable.id, present(s.hall.serviceIds.A)));
    await s.issue('A', 'elderly');
    expect(await s.callAndRelease(1)).toBe('A002');
  });
});
