// Drivers: postgres. Why: handshake authorisation is a table of identities and namespaces; the driver does not change it.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type HallEvent, type ResyncReply, type Snapshot, resyncRequest } from '../../server/contracts/realtime';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { dbSnapshot, must, request } from '../support/http-client';
import {
  type DisplaySocket,
  type Namespace,
  collect,
  connected,
  nextEvent,
  openSocket,
  refused,
  resync,
  waitMs,
} from '../support/realtime-client';
import { addAccount } from '../support/admin-fixture';
import { eventsOf, unwrap } from '../support/results';
import { login } from '../support/server';

const { handle, server } = withRealtimeServer();
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

function open<S extends Socket = Socket>(namespace: string, options: Parameters<typeof openSocket>[2] = {}): S {
  const socket = openSocket<S>(server.url, namespace, options);
  sockets.push(socket);
  return socket;
}

async function issue(hall: HallFixture, prefix = 'A') {
  return unwrap(await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds[prefix]) }));
}

/** A resync round trip: the server has handled everything this connection sent before it. */
function barrier(socket: Socket): Promise<ResyncReply> {
  return resync(socket, { since: 0 });
}

const forgedToken = () => randomBytes(18).toString('base64url');
const forgedSession = () => `hb_session=${randomBytes(32).toString('base64url')}`;

describe('handshake', () => {
  it('refuses a display of an unknown or malformed hall, and one without a hall', async () => {
    const hall = await createHallFixture(handle.db);
    const unknown = await refused(open('/display', { auth: { hall: `${hall.slug}-nope` } }));
    expect(unknown.message).toBe('Hall not found');
    expect(unknown.data?.code).toBe('FORBIDDEN');
    await refused(open('/display', { auth: { hall: '00000000-0000-4000-8000-000000000000' } }));
    await refused(open('/display', { auth: { hall: "' or 1=1 --" } }));
    await refused(open('/display', { auth: { hall: hall.slug, since: -1 } }));
    await refused(open('/display', { auth: { hall: hall.slug, since: 'latest' } }));
    await refused(open('/display', {}));
    // The same hall by slug and by id is let in.
    await connected(open('/display', { auth: { hall: hall.slug } }));
    await connected(open('/display', { auth: { hall: hall.hallId, since: 0 } }));
  });

  it('refuses a phone without a ticket token or with a forged one', async () => {
    const hall = await createHallFixture(handle.db);
    const ticket = await issue(hall);
    await refused(open('/ticket', {}));
    await refused(open('/ticket', { auth: { token: '' } }));
    const forged = await refused(open('/ticket', { auth: { token: forgedToken() } }));
    expect(forged.message).toBe('Ticket not found');
    await refused(open('/ticket', { auth: { token: ticket.id } })); // an id is not a token
    await refused(open('/ticket', { auth: { token: ticket.number } }));
    await connected(open('/ticket', { auth: { token: ticket.token } }));
  });

  it('refuses /staff without a live session cookie, and /leader to plain staff', async () => {
    const hall = await createHallFixture(handle.db);
    const none = await refused(open('/staff'));
    expect(none.data?.code).toBe('UNAUTHENTICATED');
    expect((await refused(open('/staff', { cookie: forgedSession() }))).data?.code).toBe('UNAUTHENTICATED');
    await refused(open('/staff', { cookie: 'hb_session=%E0%A4%A' }));
    await refused(open('/staff', { cookie: `other=${forgedSession().slice(11)}` }));

    const staffCookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    await connected(open('/staff', { cookie: staffCookie }));
    const asStaff = await refused(open('/leader', { cookie: staffCookie }));
    expect(asStaff.data?.code).toBe('FORBIDDEN');
    await refused(open('/leader'));

    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    const leader = open('/leader', { cookie: leaderCookie });
    const snapshot = nextEvent<Snapshot>(leader, 'snapshot');
    await connected(leader);
    expect((await snapshot).hall.id).toBe(hall.hallId);
    // A leader may watch the staff stream of the hall too.
    await connected(open('/staff', { cookie: leaderCookie }));
  });

  it('gives a volunteer on /staff events as the hall screens see them, and staff the whole event', async () => {
    const hall = await createHallFixture(handle.db);
    const volunteerCookie = await login(server.url, await addAccount(handle.db, hall.hallId, 'volunteer'), fixturePassword);
    const staffCookie = await login(server.url, hall.usernameOf(2), fixturePassword);
    const volunteer = open('/staff', { cookie: volunteerCookie });
    const staff = open('/staff', { cookie: staffCookie });
    await Promise.all([connected(volunteer), connected(staff)]);
    await issue(hall); // ahead of the second, so calling the second is out of turn
    const second = await issue(hall);
    const called = (e: HallEvent) => e.type === 'ticket.called';
    const [toVolunteer, toStaff] = [nextEvent<HallEvent>(volunteer, 'event', called), nextEvent<HallEvent>(staff, 'event', called)];
    unwrap(await server.services.counters.callChosen(hall.staffOf(1), hall.counterIds[1] ?? '', second.id, '老人身体不适'));

    expect((await toStaff).data).toMatchObject({ number: second.number, outOfTurn: true, reason: '老人身体不适' });
    const seen = await toVolunteer;
    expect(seen.data).toMatchObject({ number: second.number, outOfTurn: true });
    expect(seen.data).not.toHaveProperty('reason');
    expect(seen.data).not.toHaveProperty('skipped');
    // Catching up after a gap gives the volunteer the same projection.
    const reply = await resync(volunteer, { since: 0 });
    const replayed = reply.ok && 'events' in reply ? reply.events.find(called) : undefined;
    expect(replayed?.data).toMatchObject({ number: second.number });
    expect(replayed?.data).not.toHaveProperty('reason');
    // And a counter's state (queue, current ticket, staff notes) is not theirs to read.
    const state = await request(server.url, `/api/v1/counters/${hall.counterIds[1] ?? ''}`, { cookie: volunteerCookie });
    expect(state.status).toBe(403);
  });

  it('logout disconnects the sockets of that session, and only those', async () => {
    const hall = await createHallFixture(handle.db);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const otherSession = await login(server.url, hall.usernameOf(1), fixturePassword);
    const socket = open('/staff', { cookie });
    const survivor = open('/staff', { cookie: otherSession });
    await Promise.all([connected(socket), connected(survivor)]);
    const gone = nextEvent<string>(socket, 'disconnect');

    const reply = await request(server.url, '/api/v1/auth/logout', { method: 'POST', cookie, json: {} });
    expect(reply.status, reply.text).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(survivor.connected).toBe(true);
    expect((await barrier(survivor)).ok).toBe(true);
    // The ended session cannot come back.
    expect((await refused(open('/staff', { cookie }))).data?.code).toBe('UNAUTHENTICATED');
  });
});

describe('what sockets may send', () => {
  it('a display or ticket socket sending commands changes nothing', async () => {
    const hall = await createHallFixture(handle.db);
    const waiting = await issue(hall);
    const display = open('/display', { auth: { hall: hall.slug }, multiplex: true });
    // Same connection: the display's resync round trip is a barrier for the phone's packets too.
    const phone = open('/ticket', { auth: { token: waiting.token }, multiplex: true });
    await Promise.all([connected(display), connected(phone)]);
    expect(phone.io).toBe(display.io);
    const before = await dbSnapshot(handle.db);

    const counterId = must(hall.counterIds[1]);
    const attempts: Array<[string, unknown]> = [
      ['call-next', { counterId }],
      ['callNext', counterId],
      ['call', { counterId, ticketId: waiting.id, reason: '插队' }],
      ['ticket:take', { serviceId: hall.serviceIds.A }],
      ['issue', { hall: hall.slug, serviceId: hall.serviceIds.A }],
      ['cancel', { token: waiting.token }],
      ['complete', { counterId }],
      ['counter:pause', { counterId, reason: 'x' }],
      ['snapshot', { seq: 999 }],
      ['event', { seq: 1, type: 'ticket.called', at: '', data: {} }],
      ['resync', { since: -5 }],
    ];
    for (const [name, payload] of attempts) {
      display.emit(name, payload, () => undefined);
      phone.emit(name, payload);
    }
    await barrier(display);
    expect(await dbSnapshot(handle.db)).toEqual(before);
    expect(display.connected && phone.connected).toBe(true);
  });

  it('a staff socket sees only its own hall, whatever it asks for', async () => {
    const mine = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    await issue(other);
    const cookie = await login(server.url, mine.usernameOf(1), fixturePassword);
    const socket = open('/staff', { cookie, auth: { since: 0, hall: other.slug, hallId: other.hallId } });
    const events = collect<HallEvent>(socket, 'event');
    await connected(socket);

    const garbage: unknown[] = [
      { hall: other.slug },
      { since: 'all' },
      { since: -1 },
      { since: 1.5 },
      null,
      [],
      'other',
      { since: { $gt: 0 } },
    ];
    for (const payload of garbage) {
      const reply = await resync(socket, payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    // Extra keys naming another hall are ignored: the answer is about the socket's own hall.
    await issue(mine, 'B');
    const reply = await resync(socket, { since: 0, hall: other.slug, hallId: other.hallId });
    if (!reply.ok || !('events' in reply)) throw new Error(`expected events, got ${JSON.stringify(reply)}`);
    const ownSeqs = (await eventsOf(handle.db, mine.hallId)).map((r) => r.seq);
    expect(reply.events.map((e) => e.seq)).toEqual(ownSeqs);
    for (const e of reply.events) expect(e.data.serviceId).toBe(mine.serviceIds.B);

    // Live: the other hall's events never arrive; ours after them do.
    await issue(other);
    await issue(mine, 'A');
    await expect.poll(() => events.filter((e) => e.data.serviceId === mine.serviceIds.A).length, { timeout: waitMs }).toBe(2);
    const otherServices = new Set<unknown>(Object.values(other.serviceIds));
    expect(events.filter((e) => otherServices.has(e.data.serviceId))).toEqual([]);

    // On the server, every staff socket is in its own hall's room and its session's only.
    const halls: string[] = [];
    for (const s of server.realtime.io.of('/staff').sockets.values()) {
      const hallId = (s.data as { hallId: string }).hallId;
      halls.push(hallId);
      for (const room of s.rooms) expect(room === s.id || room.startsWith('session:') || room === `hall:${hallId}`).toBe(true);
    }
    expect(halls).toContain(mine.hallId);
    expect(halls).not.toContain(other.hallId);
  });
});

describe('garbage never brings the server down', () => {
  const namespaces: string[] = ['/display', '/ticket', '/staff', '/leader', '/', '/admin', '/display/x'];
  const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

  /** Waits until the socket is let in, refused or dropped: all fine, as long as it settles. */
  function settle(socket: Socket): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the handshake never settled')), waitMs);
      const done = (outcome: string) => () => {
        clearTimeout(timer);
        resolve(outcome);
      };
      socket.once('connect', done('connect'));
      socket.once('connect_error', done('connect_error'));
      socket.once('disconnect', done('disconnect'));
    });
  }

  async function stillServing(hall: HallFixture) {
    const health = await request(server.url, '/healthz');
    expect(health.status).toBe(200);
    const display = open<DisplaySocket>('/display', { auth: { hall: hall.slug } });
    const snapshot = nextEvent<Snapshot>(display, 'snapshot');
    const events = collect<HallEvent>(display, 'event');
    const before = (await snapshot).seq;
    const ticket = await issue(hall);
    await expect.poll(() => events.map((e) => e.data.number), { timeout: waitMs }).toContain(ticket.number);
    expect(events[0]?.seq).toBe(before + 1);
  }

  it('random handshake auth on every namespace', async () => {
    const hall = await createHallFixture(handle.db);
    const ticket = await issue(hall);
    const cookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const auth = fc.oneof(
      fc.anything(),
      fc.record(
        {
          hall: fc.oneof(fc.constant(hall.slug), fc.constant(hall.hallId), fc.string(), fc.anything()),
          since: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.anything()),
          deviceKey: fc.oneof(fc.string({ maxLength: 300 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.record({ token: fc.oneof(fc.constant(ticket.token), fc.string(), fc.base64String(), fc.anything()) }, { requiredKeys: [] }),
    );
    const cookieHeader = fc.option(
      fc.oneof(
        fc.constant(cookie),
        fc.stringMatching(/^[\x21-\x7e]{0,80}$/),
        fc.stringMatching(/^[A-Za-z0-9_%-]{0,60}$/).map((v) => `hb_session=${v}`),
      ),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...namespaces), fc.stringMatching(/^\/[\w-]{0,12}$/)),
        auth,
        cookieHeader,
        async (namespace, handshake, cookieValue) => {
          const options: Parameters<typeof openSocket>[2] = {};
          if (handshake !== null && typeof handshake === 'object' && !Array.isArray(handshake)) {
            options.auth = handshake as Record<string, unknown>;
          } else if (handshake !== undefined) {
            // Not an object: send it as is, as a hand-made client could.
            options.auth = (cb) => cb(handshake as object);
          }
          if (cookieValue !== undefined) options.cookie = cookieValue;
          const socket = openSocket(server.url, namespace, options);
          try {
            await settle(socket);
          } finally {
            socket.close();
          }
        },
      ),
      { numRuns: 200 },
    );
    await stillServing(hall);
  });

  it('random events and payloads on every namespace, and garbage resyncs get VALIDATION', async () => {
    const hall = await createHallFixture(handle.db);
    const ticket = await issue(hall);
    const staffCookie = await login(server.url, hall.usernameOf(1), fixturePassword);
    const leaderCookie = await login(server.url, hall.leader.username, fixturePassword);
    const display = open('/display', { auth: { hall: hall.slug }, multiplex: true });
    const phone = open('/ticket', { auth: { token: ticket.token }, multiplex: true });
    const staff = open('/staff', { cookie: staffCookie });
    const leader = open('/leader', { cookie: leaderCookie });
    const byNamespace: Record<Namespace, Socket> = { '/display': display, '/ticket': phone, '/staff': staff, '/leader': leader };
    await Promise.all(Object.values(byNamespace).map(connected));
    const before = await dbSnapshot(handle.db);

    const eventName = fc
      .oneof(
        fc.constantFrom('resync', 'call-next', 'ticket:take', 'snapshot', 'event', 'heartbeat', 'ticket', 'queue', '__proto__', 'constructor'),
        fc.string({ maxLength: 40 }),
      )
      .filter((name) => !reserved.has(name));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Namespace>('/display', '/ticket', '/staff', '/leader'),
        eventName,
        fc.array(fc.anything(), { maxLength: 3 }),
        fc.anything(),
        async (namespace, name, args, resyncPayload) => {
          const socket = byNamespace[namespace];
          socket.emit(name, ...args);
          if (namespace === '/ticket') return;
          const reply = await resync(socket, resyncPayload);
          if (resyncRequest.safeParse(resyncPayload).success) expect(reply.ok).toBe(true);
          else expect(reply).toEqual({ ok: false, error: { code: 'VALIDATION', message: expect.any(String) as unknown } });
        },
      ),
      { numRuns: 200 },
    );
    await Promise.all([display, staff, leader].map(barrier));
    expect(await dbSnapshot(handle.db)).toEqual(before);
    await stillServing(hall);
  });

  it('random raw frames on the wire', async () => {
    const hall = await createHallFixture(handle.db);
    const frame = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .tuple(
          fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '9'),
          fc.constantFrom('', '/display,', '/ticket,', '/staff,', '/leader,', '/nope,'),
          fc.option(fc.nat({ max: 999 }), { nil: undefined }),
          fc.oneof(fc.json(), fc.constant('["resync",{"since":0}]'), fc.constant('["resync"]'), fc.constant('[]')),
        )
        .map(([type, nsp, id, data]) => `${type}${nsp}${id ?? ''}${data}`),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (raw) => {
        const socket = openSocket<DisplaySocket>(server.url, '/display', { auth: { hall: hall.slug } });
        try {
          await connected(socket);
          const dropped = nextEvent<string>(socket, 'disconnect');
          dropped.catch(() => undefined);
          socket.io.engine.send(raw);
          // Either the server answers the next request on this connection, or it hung up.
          await Promise.race([barrier(socket), dropped]);
        } finally {
          socket.close();
        }
      }),
      { numRuns: 100 },
    );
    await stillServing(hall);
  });
});
