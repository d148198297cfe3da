// Drivers: postgres. Why: what is masked is decided in the services' views; the driver does not change it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { openTestDb } from '../support/db';
import { createHallFixture } from '../support/hall-fixture';
import { present, unwrap } from '../support/results';

const id = '460100199001011234';
const masked = '4601**********1234';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb('postgres');
});
afterAll(async () => {
  await handle.close();
});

async function setup() {
  const clock = createFakeClock('2026-11-27T02:00:00Z');
  const services = createServices({ db: handle.db, clock, rateLimits: { kind: 'off' } });
  const hall = await createHallFixture(handle.db);
  return { services, hall };
}

describe('ID numbers in free text on staff pages', () => {
  it('the duty board shows a case description masked, except to the leader the case is assigned to', async () => {
    const { services, hall } = await setup();
    const opened = unwrap(await services.cases.open(hall.slug, { description: `户籍证明被退回，身份证${id}，来回三次`, phone: '13700002222' }, null));
    const seenBy = async (leader: typeof hall.leader) => unwrap(await services.dutyBoard(leader, hall.slug)).cases.find((c) => c.id === opened.case.id)?.description;
    expect(await seenBy(hall.leader)).toBe(`户籍证明被退回，身份证${masked}，来回三次`);
    unwrap(await services.cases.assign(hall.leader, opened.case.id, hall.secondLeader.id));
    expect(await seenBy(hall.secondLeader)).toBe(`户籍证明被退回，身份证${id}，来回三次`);
    expect(await seenBy(hall.leader)).toContain(masked);
  });

  it("a counter's state shows its clerk the transfer note whole, and others masked", async () => {
    const { services, hall } = await setup();
    const [c1, c2] = [present(hall.counterIds[1]), present(hall.counterIds[2])];
    unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), channel: 'kiosk' }));
    unwrap(await services.counters.callNext(hall.staffOf(1), c1));
    unwrap(await services.counters.start(hall.staffOf(1), c1));
    unwrap(await services.counters.transfer(hall.staffOf(1), c1, { counterId: c2, note: `已核对身份证 ${id}，请办理转移` }));
    unwrap(await services.counters.callNext(hall.staffOf(2), c2));

    expect(unwrap(await services.counters.state(hall.staffOf(2), c2)).current?.note).toBe(`已核对身份证 ${id}，请办理转移`);
    expect(unwrap(await services.counters.state(hall.leader, c2)).current?.note).toBe(`已核对身份证 ${masked}，请办理转移`);
    expect(unwrap(await services.counters.state(hall.staffOf(1), c2)).current?.note).toBe(`已核对身份证 ${masked}，请办理转移`);
  });

  it("a work order shows the citizen's comment masked", async () => {
    const { services, hall } = await setup();
    const issued = unwrap(await services.tickets.issue(hall.slug, { serviceId: present(hall.serviceIds.A), channel: 'phone' }));
    const c1 = present(hall.counterIds[1]);
    unwrap(await services.counters.callNext(hall.staffOf(1), c1));
    unwrap(await services.counters.start(hall.staffOf(1), c1));
    unwrap(await services.counters.complete(hall.staffOf(1), c1, {}));
    unwrap(await services.tickets.rate(issued.token, { level: 'very_dissatisfied', comment: `我的身份证${id}被复印了三次` }));
    const [order] = unwrap(await services.workOrders.list(hall.leader, hall.slug)).orders;
    expect(order?.rating?.comment).toBe(`我的身份证${masked}被复印了三次`);
  });
});
