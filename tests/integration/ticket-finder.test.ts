// Drivers: postgres. Why: HTTP plumbing and the per-address guess limit; the lookup itself is one plain select.
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../server/domain/clock';
import { createHallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { must, request, str } from '../support/http-client';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const { handle, server } = withHallServer({ clock });

describe('找回排队号 (POST /halls/{hall}/tickets/find)', () => {
  it('lists the phone\'s tickets of today, masked, only with a number of that phone; misses are limited per address', async () => {
    const hall = await createHallFixture(handle.db);
    const serviceId = must(hall.serviceIds.A);
    const take = async (phone?: string) => {
      const res = await request(server.url, `/api/v1/halls/${hall.slug}/tickets`, { method: 'POST', json: { serviceId, ...(phone ? { phone } : {}) } });
      expect(res.status, res.text).toBe(201);
      return { number: str(res.json, 'ticket', 'number'), token: str(res.json, 'ticket', 'token') };
    };
    const first = await take('13911112222');
    const second = await take('13911112222');
    const someoneElse = await take('13933334444');
    const find = (phone: string, number: string) =>
      request(server.url, `/api/v1/halls/${hall.slug}/tickets/find`, { method: 'POST', json: { phone, number } });

    const found = await find('13911112222', second.number.toLowerCase());
    expect(found.status, found.text).toBe(200);
    const list = (found.json as { tickets: Array<{ number: string; phoneMasked: string; url: string; status: string }> }).tickets;
    expect(list.map((t) => t.number)).toEqual([first.number, second.number]);
    expect(list.every((t) => t.phoneMasked === '139****2222' && t.status === 'waiting')).toBe(true);
    expect(list[0]?.url).toBe(`/t/${first.token}`);
    expect(found.text).not.toContain('13911112222');

    // Someone who knows the phone but not a number of it, or holds another phone's number, learns nothing.
    expect((await find('13911112222', someoneElse.number)).status).toBe(404);
    expect((await find('13911112222', 'A999')).status).toBe(404);
    expect((await find('13955556666', first.number)).status).toBe(404);
    expect((await find('1391111', first.number)).status).toBe(400);

    // Walking the numbers: after 10 misses the address (and the phone) is blocked, right pair or not.
    for (let i = 0; i < 8; i += 1) await find('13911112222', `B${100 + i}`);
    const blocked = await find('13911112222', first.number);
    expect(blocked.status).toBe(429);
  });
});
