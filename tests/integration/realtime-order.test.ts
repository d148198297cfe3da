// Drivers: postgres. Why: ordering after commit matters with parallel connections, which only PostgreSQL has.
import { afterEach, expect, it } from 'vitest';
import type { HallEvent, ResyncReply, Snapshot } from '../../server/contracts/realtime';
import { createHallFixture } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { must } from '../support/http-client';
import {
  type DisplaySocket,
  type StreamProbe,
  collect,
  freshSnapshot,
  inBatches,
  nextEvent,
  openHallStream,
  openSocket,
  range,
  resync,
  tick,
  waitMs,
} from '../support/realtime-client';
import { eventsOf, unwrap } from '../support/results';

const { handle, server } = withRealtimeServer();
const cleanup: Array<() => void> = [];

afterEach(() => {
  for (const close of cleanup.splice(0)) close();
});

it('500 rapid commands reach a display in seq order, none twice, none missing, and HallStream ends at the database state', async () => {
  const hall = await createHallFixture(handle.db, {
    counters: [
      { number: 1, serves: ['A', 'B'] },
      { number: 2, serves: ['A'] },
      { number: 3, serves: ['B'] },
    ],
  });
  const raw = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
  cleanup.push(() => raw.close());
  const pushed = collect<HallEvent>(raw, 'event');
  expect((await nextEvent<Snapshot>(raw, 'snapshot')).seq).toBe(0);
  const probe: StreamProbe = openHallStream(server.url, hall.slug);
  cleanup.push(probe.close);
  await expect.poll(() => probe.state()?.seq, { timeout: waitMs }).toBe(0);

  let commands = 0;
  const tickets = 250;
  const issuing = inBatches(tickets, 25, async (i) => {
    commands += 1;
    return unwrap(await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds[i % 3 === 0 ? 'B' : 'A']) }));
  });
  // Counters call, start and complete while tickets are being issued, all at once.
  async function counterLoop(n: number, rounds: number) {
    const actor = hall.staffOf(n);
    const counterId = must(hall.counterIds[n]);
    for (let round = 0; round < rounds; round += 1) {
      await tick();
      commands += 1;
      const called = unwrap(await server.services.counters.callNext(actor, counterId));
      if (!called.ticket) continue;
      commands += 2;
      unwrap(await server.services.counters.start(actor, counterId));
      unwrap(await server.services.counters.complete(actor, counterId, { outcome: 'handled' }));
    }
  }
  await Promise.all([issuing, counterLoop(1, 40), counterLoop(2, 40), counterLoop(3, 30)]);
  // A few more, so some counters end with a ticket called and the rest still waiting.
  for (const n of [1, 2, 3]) {
    commands += 1;
    unwrap(await server.services.counters.callNext(hall.staffOf(n), must(hall.counterIds[n])));
  }
  expect(commands).toBeGreaterThanOrEqual(500);

  const rows = await eventsOf(handle.db, hall.hallId);
  const latest = rows.length;
  expect(rows.map((r) => r.seq)).toEqual(range(1, latest));
  expect(latest).toBeGreaterThan(500);

  // Every push for these commits was written to this socket before the commands returned,
  // so once this ack is back, everything that will ever arrive has arrived.
  const ack: ResyncReply = await resync(raw, { since: latest });
  expect(ack).toEqual({ ok: true, events: [] });
  expect(pushed.map((e) => e.seq)).toEqual(range(1, latest));
  expect(pushed.map((e) => e.type)).toEqual(rows.map((r) => r.type));
  expect(pushed.map((e) => e.at)).toEqual(rows.map((r) => r.at.toISOString()));
  expect(pushed.map((e) => e.data.number ?? null)).toEqual(rows.map((r) => r.data.number ?? null));

  // The screen's own state, built event by event, equals a fresh snapshot.
  await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(latest);
  expect(probe.applied.map((e) => e.seq)).toEqual(range(1, latest));
  const fresh = await freshSnapshot(server.services, hall.hallId);
  expect(fresh.seq).toBe(latest);
  expect(probe.state()).toEqual(fresh);
  // Not a trivial end state: some counters serve, some tickets wait.
  expect(fresh.counters.some((c) => c.serving !== null)).toBe(true);
  expect(fresh.services.some((s) => s.waiting > 0)).toBe(true);
});
