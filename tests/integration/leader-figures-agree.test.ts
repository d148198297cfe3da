// Drivers: both. Why: 今日办结 and 好评率 come from SQL over tickets and ratings on the live path and the history path.
/**
 * The leaders' two screens say the same about the same day: 今日办结 on the live screen equals
 * 办结 in history (a visit ended by an approved refusal counts in neither), and the live
 * 好评率 equals history's, both counting 基本满意 as 好评 and 不满意 + 非常不满意 as 差评.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../server/domain/clock';
import type { HallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { playHistory } from '../support/history-fixture';
import { must } from '../support/http-client';
import { ticketsOf, unwrap } from '../support/results';

const days = [
  { day: '2026-03-02', extra: 1 },
  { day: '2026-03-03', extra: 3 },
];
const clock = createFakeClock('2026-03-01T00:00:00Z');
const { handle, server } = withHallServer({ clock });
let hall: HallFixture;

beforeAll(async () => {
  hall = await playHistory(handle.db, server.services, clock, days);
}, 120_000);

describe('live and history agree on a fixture day', () => {
  it.each(days.map((d) => d.day))('on %s: 今日办结, 好评率 and 差评 are the same figures', async (day) => {
    // Late in that day, hall time: the live screen covers it as "today".
    clock.set(`${day}T11:30:00Z`);
    const live = unwrap(await server.services.liveMetrics.hallMetrics(hall.leader, hall.slug));
    expect(live.day).toBe(day);
    const history = unwrap(await server.services.history.report(hall.leader, hall.slug, { from: day, to: day, groupBy: 'day', by: 'hall' }));
    const row = must(history.rows[0]);

    expect(live.served.today).toBe(row.served);
    expect(live.satisfaction.goodShare).toBe(row.goodShare);
    expect(live.satisfaction.dissatisfied).toBe(row.badRatings);
    expect(live.satisfaction.rated).toBe(row.rated);

    // The fixture's day holds an approved refusal, which is not 办结 on either screen.
    const rows = (await ticketsOf(handle.db, hall.hallId)).filter((t) => t.day === day);
    const refused = rows.filter((t) => t.outcome === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(row.served).toBe(rows.filter((t) => t.status === 'completed').length - refused.length);
    // What each counter served adds up to the hall's figure.
    expect(live.counters.reduce((n, c) => n + c.served, 0)).toBe(live.served.today);
    expect(live.throughput.reduce((n, h) => n + h.served, 0)).toBe(live.served.today);
  });
});
