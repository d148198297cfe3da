// Drivers: postgres. Why: resync reads the events table by seq; the read itself is covered on both by the services' tests.
import { afterEach, expect, it } from 'vitest';
import { type ResyncReply, type Snapshot, maxResyncEvents } from '../../server/contracts/realtime';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { must } from '../support/http-client';
import {
  type DisplaySocket,
  type StreamProbe,
  connected,
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

// A short heartbeat: a client that missed a push learns of it quickly.
const { handle, server } = withRealtimeServer({ heartbeatMs: 300 });
const cleanup: Array<() => void> = [];

afterEach(() => {
  for (const close of cleanup.splice(0)) close();
});

function stream(hall: HallFixture): StreamProbe {
  const probe = openHallStream(server.url, hall.slug);
  cleanup.push(probe.close);
  return probe;
}

/** `count` events: tickets (two events each) and, for odd counts, one counter change. */
async function makeEvents(hall: HallFixture, count: number) {
  await inBatches(Math.floor(count / 2), 10, async (i) =>
    unwrap(await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds[i % 2 ? 'A' : 'B']) })),
  );
  if (count % 2 === 1) unwrap(await server.services.counters.pause(hall.staffOf(2), must(hall.counterIds[2]), '暂停'));
}

async function callAndServe(hall: HallFixture, counter: number, rounds: number) {
  const counterId = must(hall.counterIds[counter]);
  for (let i = 0; i < rounds; i += 1) {
    await tick();
    unwrap(await server.services.counters.callNext(hall.staffOf(counter), counterId));
    unwrap(await server.services.counters.start(hall.staffOf(counter), counterId));
    unwrap(await server.services.counters.complete(hall.staffOf(counter), counterId, {}));
  }
}

async function settled(probe: StreamProbe, hall: HallFixture): Promise<number> {
  const latest = await server.services.halls.latestSeq(hall.hallId);
  await expect.poll(() => probe.stream.appliedSeq, { timeout: waitMs }).toBe(latest);
  return latest;
}

it('a display away while 100 events happen gets exactly those events on reconnect and matches the database', async () => {
  const hall = await createHallFixture(handle.db);
  await makeEvents(hall, 10);
  const probe = stream(hall);
  await connected(probe.socket);
  const before = await settled(probe, hall);
  expect(probe.snapshots).toHaveLength(1);

  probe.socket.disconnect();
  await makeEvents(hall, 94);
  await callAndServe(hall, 1, 2); // 2 × (called, queue.changed, started, completed)
  const rows = await eventsOf(handle.db, hall.hallId);
  expect(rows.length - before).toBe(102);

  const appliedBefore = probe.applied.length;
  const pushedBefore = probe.pushed.length;
  probe.socket.connect(); // the auth function sends { hall, since: last applied seq }
  await connected(probe.socket);
  const latest = await settled(probe, hall);
  expect(latest).toBe(rows.length);
  // Exactly the missed events, in order, each once, as the table holds them; no snapshot.
  const missed = probe.applied.slice(appliedBefore);
  expect(missed.map((e) => [e.seq, e.type, e.at])).toEqual(
    rows.filter((r) => r.seq > before).map((r) => [r.seq, r.type, r.at.toISOString()]),
  );
  // On the wire too: nothing happened during the reconnect, so nothing came twice.
  expect(probe.pushed.slice(pushedBefore)).toEqual(missed);
  expect(probe.snapshots).toHaveLength(1);
  expect(probe.state()).toEqual(await freshSnapshot(server.services, hall.hallId));
});

it('a display too far behind gets a fresh snapshot instead of the events', async () => {
  const hall = await createHallFixture(handle.db);
  const probe = stream(hall);
  await connected(probe.socket);
  const before = await settled(probe, hall);

  probe.socket.disconnect();
  await makeEvents(hall, maxResyncEvents + 21); // odd: counter 2 pauses
  await callAndServe(hall, 1, 1);
  probe.socket.connect();
  await connected(probe.socket);
  await expect.poll(() => probe.snapshots.length, { timeout: waitMs }).toBe(2);
  const latest = await settled(probe, hall);
  expect(latest - before).toBeGreaterThan(maxResyncEvents);
  expect(probe.snapshots[1]?.seq).toBe(latest);
  expect(probe.applied.filter((e) => e.seq > before)).toEqual([]);
  expect(probe.state()).toEqual(await freshSnapshot(server.services, hall.hallId));
});

it('answers resync with the missed events, or a snapshot when too far behind or ahead', async () => {
  const hall = await createHallFixture(handle.db);
  await makeEvents(hall, 40);
  await callAndServe(hall, 1, 1);
  const socket = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.hallId } });
  cleanup.push(() => socket.close());
  const first = await nextEvent<Snapshot>(socket, 'snapshot');
  const rows = await eventsOf(handle.db, hall.hallId);
  expect(first.seq).toBe(rows.length);

  const since = 17;
  const reply: ResyncReply = await resync(socket, { since });
  if (!reply.ok || !('events' in reply)) throw new Error(`expected events, got ${JSON.stringify(reply)}`);
  expect(reply.events.map((e) => e.seq)).toEqual(range(since + 1, rows.length));
  expect(reply.events.map((e) => [e.type, e.at])).toEqual(rows.slice(since).map((r) => [r.type, r.at.toISOString()]));
  const called = must(reply.events.find((e) => e.type === 'ticket.called'));
  expect(called.data).toMatchObject({ counterNumber: 1, counterId: hall.counterIds[1] });

  expect(await resync(socket, { since: rows.length })).toEqual({ ok: true, events: [] });
  const ahead: ResyncReply = await resync(socket, { since: rows.length + 5 });
  expect(ahead).toMatchObject({ ok: true, snapshot: { seq: rows.length } });

  await makeEvents(hall, maxResyncEvents + 1 - rows.length + 3);
  const far: ResyncReply = await resync(socket, { since: 0 });
  const latest = await server.services.halls.latestSeq(hall.hallId);
  expect(latest).toBeGreaterThan(maxResyncEvents);
  expect(far).toEqual({ ok: true, snapshot: await freshSnapshot(server.services, hall.hallId) });
});

it('an event committed while the relay is down still reaches the display through the heartbeat', async () => {
  const hall = await createHallFixture(handle.db);
  await makeEvents(hall, 4);
  const probe = stream(hall);
  await connected(probe.socket);
  const before = await settled(probe, hall);

  server.realtime.relay.pause();
  let number: string;
  try {
    // Committed, never pushed: what a crash between commit and push leaves behind.
    const called = unwrap(await server.services.counters.callNext(hall.staffOf(1), must(hall.counterIds[1])));
    number = must(called.ticket).number;
  } finally {
    server.realtime.relay.resume();
  }
  const rows = await eventsOf(handle.db, hall.hallId);
  expect(rows.length).toBe(before + 2);

  // Nothing else happens; the heartbeat's seq tells the stream it is behind, and it resyncs.
  const latest = await settled(probe, hall);
  expect(latest).toBe(rows.length);
  expect(probe.pushed.filter((e) => e.seq > before)).toEqual([]);
  expect(probe.applied.filter((e) => e.seq > before).map((e) => [e.seq, e.type])).toEqual([
    [before + 1, 'ticket.called'],
    [before + 2, 'queue.changed'],
  ]);
  const state = must(probe.state());
  expect(state.counters.find((c) => c.number === 1)?.serving).toEqual({ number });
  expect(state).toEqual(await freshSnapshot(server.services, hall.hallId));

  // And live pushes carry on after the resync.
  unwrap(await server.services.counters.recall(hall.staffOf(1), must(hall.counterIds[1])));
  await expect.poll(() => probe.pushed.map((e) => e.type), { timeout: waitMs }).toContain('ticket.recalled');
  await settled(probe, hall);
  expect(probe.applied.map((e) => e.seq)).toEqual(range(before + 1, before + 3));
});
