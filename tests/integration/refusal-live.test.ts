// Drivers: postgres. Why: the push to an open /staff socket; the refusal rules themselves run on both in refusals and refusal-follow-up.
import { describe, expect, it } from 'vitest';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { field, request, str } from '../support/http-client';
import { connected, nextEvent, openSocket } from '../support/realtime-client';
import { login } from '../support/server';

const { handle, server } = withRealtimeServer();

describe('the clerk learns the duty leader decision live', () => {
  it("a denial reaches the counter's /staff socket, and the counter's state then carries the leader's comment", async () => {
    const hall = await createHallFixture(handle.db);
    const counterId = String(hall.counterIds[1]);
    const clerk = await login(server.url, hall.usernameOf(1), fixturePassword);
    const leader = await login(server.url, hall.leader.username, fixturePassword);
    const take = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId: hall.serviceIds.A } });
    expect(take.status).toBe(201);
    for (const action of ['call-next', 'start']) {
      expect((await request(server.url, `/api/v1/counters/${counterId}/${action}`, { method: 'POST', cookie: clerk, json: {} })).status).toBe(200);
    }
    const asked = await request(server.url, `/api/v1/counters/${counterId}/refusals`, {
      method: 'POST',
      cookie: clerk,
      json: { reason: '不符合受理条件', legalBasis: '《条例》第五条', notice: ['补充材料'] },
    });
    expect(asked.status).toBe(201);
    const refusalId = str(asked.json, 'refusal', 'id');

    const socket = openSocket(server.url, '/staff', { cookie: clerk });
    try {
      await connected(socket);
      const pushed = nextEvent<{ type: string; data: Record<string, unknown> }>(socket, 'event', (e) => e.type === 'refusal.denied');
      const decided = await request(server.url, `/api/v1/refusals/${refusalId}/decision`, {
        method: 'POST',
        cookie: leader,
        json: { approve: false, comment: '请按容缺受理办理' },
      });
      expect(decided.status).toBe(200);
      expect((await pushed).data.refusalId).toBe(refusalId);
      // The push carries ids only; the comment is read by the counter from its own state.
      const state = await request(server.url, `/api/v1/counters/${counterId}`, { cookie: clerk });
      const [mine] = field(state.json, 'refusals') as Array<Record<string, unknown>>;
      expect(mine).toMatchObject({ id: refusalId, status: 'denied', comment: '请按容缺受理办理', decidedBy: hall.leader.displayName });
    } finally {
      socket.close();
    }
  });
});
