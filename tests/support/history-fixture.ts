import type { Db } from '../../db/client';
import type { FakeClock } from '../../server/domain/clock';
import { startOfLocalDay } from '../../server/domain/hall-day';
import type { Services } from '../../server/services';
import { type HallFixture, createHallFixture } from './hall-fixture';
import { must } from './http-client';
import { unwrap } from './results';

/**
 * A small hall history played through the real command services with a fake clock: every
 * day, two counters open, serve, record a no-show, a cancellation, a transfer, a pause, a
 * refusal approved by the leader and a 办不成事 case, and citizens rate their visits.
 * `extra` more tickets per day make the days differ.
 */
export async function playHistory(db: Db, services: Services, clock: FakeClock, days: { day: string; extra: number }[]): Promise<HallFixture> {
  const hall = await createHallFixture(db, {
    services: [{ prefix: 'A' }, { prefix: 'B' }],
    counters: [
      { number: 1, serves: ['A', 'B'], status: 'closed' },
      { number: 2, serves: ['A'], status: 'closed' },
    ],
  });
  const c1 = must(hall.counterIds[1]);
  const c2 = must(hall.counterIds[2]);
  const s1 = hall.staffOf(1);
  const s2 = hall.staffOf(2);
  const A = must(hall.serviceIds.A);
  const B = must(hall.serviceIds.B);
  for (const { day, extra } of days) {
    const midnight = startOfLocalDay(day, 'Asia/Shanghai').getTime();
    const at = (hhmm: string) => {
      const [h, m] = hhmm.split(':').map(Number);
      clock.set(new Date(midnight + ((h ?? 0) * 60 + (m ?? 0)) * 60_000));
    };
    const issue = async (serviceId: string) => unwrap(await services.tickets.issue(hall.slug, { serviceId }));
    at('08:55');
    unwrap(await services.counters.open(s1, c1));
    at('08:57');
    unwrap(await services.counters.open(s2, c2));
    at('09:00');
    const t1 = await issue(A);
    at('09:01');
    await issue(A);
    at('09:02');
    const t3 = await issue(B);
    at('09:03');
    const t4 = await issue(A);
    at('09:05');
    unwrap(await services.counters.callNext(s1, c1));
    at('09:06');
    unwrap(await services.counters.start(s1, c1));
    unwrap(await services.counters.callNext(s2, c2));
    at('09:11');
    unwrap(await services.counters.noShow(s2, c2));
    at('09:12');
    unwrap(await services.tickets.cancel(t4.token));
    at('09:20');
    unwrap(await services.counters.complete(s1, c1, {}));
    at('09:21');
    unwrap(await services.tickets.rate(t1.token, { level: 'very_satisfied', efficiency: 5, serviceLevel: 4, attitude: 5 }));
    at('09:25');
    unwrap(await services.counters.callNext(s1, c1));
    at('09:27');
    unwrap(await services.counters.start(s1, c1));
    at('09:35');
    unwrap(await services.counters.transfer(s1, c1, { serviceId: A }));
    at('09:36');
    unwrap(await services.counters.callNext(s2, c2));
    at('09:37');
    unwrap(await services.counters.start(s2, c2));
    at('09:50');
    unwrap(await services.counters.complete(s2, c2, {}));
    at('09:52');
    unwrap(await services.tickets.rate(t3.token, { level: 'dissatisfied', attitude: 2 }));
    at('10:00');
    unwrap(await services.counters.pause(s1, c1, '休息'));
    at('10:15');
    unwrap(await services.counters.resume(s1, c1));
    at('10:20');
    const t5 = await issue(B);
    at('10:21');
    unwrap(await services.counters.callNext(s1, c1));
    at('10:22');
    unwrap(await services.counters.start(s1, c1));
    at('10:30');
    const refusal = unwrap(await services.refusals.request(s1, c1, { reason: '材料不全', legalBasis: '办事指南', notice: ['补充身份证明'] }));
    at('10:40');
    unwrap(await services.refusals.decide(hall.leader, refusal.refusal.id, { approve: true }));
    at('10:45');
    unwrap(await services.cases.open(hall.slug, { description: '材料要求不清楚', ticketToken: t5.token }, null));
    for (let i = 0; i < extra; i += 1) {
      at(`11:${String(i * 4).padStart(2, '0')}`);
      const t = await issue(A);
      clock.advance(60_000);
      unwrap(await services.counters.callNext(s2, c2));
      clock.advance(30_000);
      unwrap(await services.counters.start(s2, c2));
      clock.advance(120_000 + i * 10_000);
      unwrap(await services.counters.complete(s2, c2, {}));
      if (i % 2 === 0) unwrap(await services.tickets.rate(t.token, { level: i % 4 === 0 ? 'satisfied' : 'basically_satisfied', efficiency: 4 }));
    }
    at('12:00');
    unwrap(await services.counters.close(s1, c1));
    at('12:01');
    unwrap(await services.counters.close(s2, c2));
  }
  return hall;
}
