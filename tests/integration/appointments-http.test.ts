// Drivers: both. Why: slot capacity, booking and check-in are SQL with row locks and counts that each driver must honour.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CaseStep, cases, defaultAppointmentSettings } from '../../db/schema';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { type HallFixture, createHallFixture } from '../support/hall-fixture';
import { withHallServer } from '../support/hall-server';
import { field, must, request, str } from '../support/http-client';
import { startTestServer } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai. */
const fridayTen = '2026-11-27T02:00:00Z';
const at = (hhmm: string) => new Date(`2026-11-27T${hhmm}:00+08:00`).toISOString();
const fullName = '欧阳修远';
const fullPhone = '13987654321';

const clock = createFakeClock(fridayTen);
const { handle, server } = withHallServer({ clock });

async function hallWithSlots(): Promise<HallFixture> {
  clock.set(fridayTen);
  return createHallFixture(handle.db, { settings: { appointments: { ...defaultAppointmentSettings, slotCapacity: 1 } } });
}

describe('appointments over HTTP', () => {
  it('book → view → check-in → ticket: every answer masks the name and the phone', async () => {
    const hall = await hallWithSlots();
    const serviceId = must(hall.serviceIds.A);
    const slots = await request(server.url, `/api/v1/halls/${hall.slug}/slots?serviceId=${serviceId}&date=2026-11-27`);
    expect(slots.status).toBe(200);
    const list = field(slots.json, 'slots') as Array<{ start: string; status: string; remaining: number }>;
    expect(list).toHaveLength(48);
    expect(list.find((s) => s.start === at('10:30'))).toMatchObject({ status: 'open', remaining: 1 });

    const body = { serviceId, slotStart: at('10:30'), name: fullName, phone: fullPhone };
    const booked = await request(server.url, `/api/v1/halls/${hall.slug}/appointments`, { method: 'POST', json: body });
    expect(booked.status, booked.text).toBe(201);
    expect(field(booked.json, 'appointment', 'nameMasked')).toBe('欧**远');
    expect(field(booked.json, 'appointment', 'phoneMasked')).toBe('139****4321');
    const code = str(booked.json, 'appointment', 'code');

    const again = await request(server.url, `/api/v1/halls/${hall.slug}/appointments`, { method: 'POST', json: body });
    expect(again.status).toBe(409);
    const other = { ...body, phone: '13900000000' };
    const full = await request(server.url, `/api/v1/halls/${hall.slug}/appointments`, { method: 'POST', json: other });
    expect(full.status).toBe(409);
    expect(str(full.json, 'error', 'message')).toMatch(/full/);
    const past = await request(server.url, `/api/v1/halls/${hall.slug}/appointments`, { method: 'POST', json: { ...other, slotStart: at('09:30') } });
    expect(past.status).toBe(409);

    // Typed in lower case with a dash, as people do at a kiosk.
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const view = await request(server.url, `/api/v1/appointments/${typed}`);
    expect(view.status).toBe(200);
    expect(str(view.json, 'appointment', 'code')).toBe(code);

    const early = await request(server.url, `/api/v1/appointments/${code}/check-in`, { method: 'POST', json: {} });
    expect(early.status).toBe(201);
    const token = str(early.json, 'ticket', 'token');
    expect(str(early.json, 'ticket', 'url')).toBe(`/t/${token}`);
    expect(field(early.json, 'appointment', 'status')).toBe('checked_in');
    const repeat = await request(server.url, `/api/v1/appointments/${code}/check-in`, { method: 'POST', json: {} });
    expect(repeat.status).toBe(200);
    expect(str(repeat.json, 'ticket', 'token')).toBe(token);

    const ticket = await request(server.url, `/api/v1/tickets/${token}`);
    expect(ticket.status).toBe(200);
    expect(field(ticket.json, 'ticket', 'phoneMasked')).toBe('139****4321');
    const snapshot = await request(server.url, `/api/v1/halls/${hall.slug}/snapshot`);

    for (const reply of [slots, booked, again, full, view, early, repeat, ticket, snapshot]) {
      expect(reply.text).not.toContain(fullName);
      expect(reply.text).not.toContain(fullPhone);
      expect(reply.text).not.toContain(fullPhone.slice(3, 7));
    }
  });

  it('check-in outside the window → 409 naming the window; cancel needs the phone’s last 4', async () => {
    const hall = await hallWithSlots();
    const serviceId = must(hall.serviceIds.A);
    const booked = await request(server.url, `/api/v1/halls/${hall.slug}/appointments`, {
      method: 'POST',
      json: { serviceId, slotStart: at('15:00'), name: '王五', phone: '13700001234' },
    });
    const code = str(booked.json, 'appointment', 'code');
    const early = await request(server.url, `/api/v1/appointments/${code}/check-in`, { method: 'POST', json: {} });
    expect(early.status).toBe(409);
    expect(str(early.json, 'error', 'message')).toContain('from 2026-11-27 14:30 to 2026-11-27 15:15');

    const wrong = await request(server.url, `/api/v1/appointments/${code}/cancel`, { method: 'POST', json: { phoneLast4: '4321' } });
    const unknown = await request(server.url, '/api/v1/appointments/ZZZZ2222/cancel', { method: 'POST', json: { phoneLast4: '1234' } });
    expect(wrong.status).toBe(404);
    expect(wrong.text).toBe(unknown.text);
    const cancelled = await request(server.url, `/api/v1/appointments/${code}/cancel`, { method: 'POST', json: { phoneLast4: '1234' } });
    expect(cancelled.status).toBe(200);
    expect(field(cancelled.json, 'appointment', 'status')).toBe('cancelled');
    clock.set(at('14:45'));
    const afterCancel = await request(server.url, `/api/v1/appointments/${code}/check-in`, { method: 'POST', json: {} });
    expect(afterCancel.status).toBe(409);
  });

  it('the slots query is validated', async () => {
    const hall = await hallWithSlots();
    for (const query of ['', '?serviceId=abc&date=2026-11-27', `?serviceId=${must(hall.serviceIds.A)}&date=27.11.2026`]) {
      const reply = await request(server.url, `/api/v1/halls/${hall.slug}/slots${query}`);
      expect(reply.status).toBe(400);
    }
  });
});

async function insertCase(hall: HallFixture, phone: string | null, steps: CaseStep[]): Promise<string> {
  const caseNo = `QS-${randomBytes(4).toString('hex').toUpperCase()}`;
  const last = must(steps[steps.length - 1]);
  await handle.db.insert(cases).values({
    hallId: hall.hallId,
    caseNo,
    serviceId: must(hall.serviceIds.A),
    phone,
    status: last.status,
    steps,
    acceptedAt: new Date(must(steps[0]).at),
    updatedAt: new Date(last.at),
  });
  return caseNo;
}

describe('办件查询 /cases/{caseNo}', () => {
  const steps: CaseStep[] = [
    { status: 'in_review', at: '2026-11-25T06:00:00.000Z' },
    { status: 'accepted', at: '2026-11-24T02:10:00.000Z' },
    { status: 'approved', at: '2026-11-26T03:00:00.000Z' },
    { status: 'ready', at: '2026-11-27T01:30:00.000Z', note: '请携带身份证到 3 号窗口领取' },
  ];

  it('the right number and last 4 read the timeline; a wrong last 4 reads exactly like an unknown number', async () => {
    const hall = await hallWithSlots();
    const caseNo = await insertCase(hall, '13812345678', steps);
    const noPhone = await insertCase(hall, null, steps);
    const found = await request(server.url, `/api/v1/cases/${caseNo}?phoneLast4=5678`);
    expect(found.status).toBe(200);
    expect(field(found.json, 'case', 'status')).toBe('ready');
    expect(field(found.json, 'case', 'phoneMasked')).toBe('138****5678');
    expect((field(found.json, 'case', 'steps') as Array<{ status: string }>).map((s) => s.status)).toEqual([
      'accepted',
      'in_review',
      'approved',
      'ready',
    ]);
    expect(found.text).not.toContain('13812345678');

    const wrong = await request(server.url, `/api/v1/cases/${caseNo}?phoneLast4=1234`);
    const unknown = await request(server.url, '/api/v1/cases/QS-NOSUCHCASE?phoneLast4=5678');
    const phoneless = await request(server.url, `/api/v1/cases/${noPhone}?phoneLast4=0000`);
    expect(wrong.status).toBe(404);
    expect(wrong.text).toBe(unknown.text);
    expect(phoneless.text).toBe(unknown.text);
    expect((await request(server.url, `/api/v1/cases/${caseNo}`)).status).toBe(400);
    expect((await request(server.url, `/api/v1/cases/${caseNo}?phoneLast4=56789`)).status).toBe(400);
  });

  it('guesses are limited per address: after 10 misses even the right pair waits', async () => {
    const own = await startTestServer(handle.db, clock);
    try {
      const hall = await hallWithSlots();
      const caseNo = await insertCase(hall, '13812345678', steps);
      expect((await request(own.url, `/api/v1/cases/${caseNo}?phoneLast4=5678`)).status).toBe(200);
      for (let i = 0; i < 10; i += 1) {
        const miss = await request(own.url, `/api/v1/cases/${caseNo}?phoneLast4=${String(1000 + i)}`);
        expect(miss.status).toBe(404);
      }
      const limited = await request(own.url, `/api/v1/cases/${caseNo}?phoneLast4=5678`);
      expect(limited.status).toBe(429);
      expect(field(limited.json, 'error', 'code')).toBe('RATE_LIMITED');
      expect(field(limited.json, 'error', 'reason')).toBe('TOO_MANY_GUESSES');
      // Appointment codes have a budget of their own: a mistyped case number never blocks them.
      expect((await request(own.url, '/api/v1/appointments/ZZZZ2222')).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  it('with RATE_LIMITS=off nothing is limited', async () => {
    const services = createServices({ db: handle.db, clock, rateLimits: { kind: 'off' } });
    const hall = await hallWithSlots();
    const caseNo = await insertCase(hall, '13812345678', steps);
    for (let i = 0; i < 15; i += 1) {
      const miss = await services.caseLookup.lookup(caseNo, '0000', '10.0.0.1');
      expect(miss.ok ? '' : miss.error.code).toBe('NOT_FOUND');
    }
    expect((await services.caseLookup.lookup(caseNo, '5678', '10.0.0.1')).ok).toBe(true);
  });
});
