// Drivers: postgres. Why: who may call what is decided before any SQL that differs by driver; one real database is enough.
/**
 * Issue 16: a table-driven authorisation test generated from the route table and the socket
 * namespaces, for every identity. The table below has one row per route of `apiRoutes` (the
 * list the router is built from); a route added later without a row fails the first test.
 * Each row says who is let in, and builds a request that passes validation (real ids of
 * the fixture, a valid body), because the router parses before the service authorises: a
 * 400 must never hide the answer to "may this identity do this?".
 *
 * A refused identity gets 401 (no hall session on a route that needs one) or 403 — or 404
 * where a row says the service deliberately hides the record — and the database is left
 * exactly as it was. An allowed identity gets anything but 401/403 (a 409 for a command
 * that an earlier identity already carried out is an answer about state, not about who).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appointments,
  cases,
  conditionalAcceptances,
  counterServices,
  counters,
  inspectionPhotos,
  inspectionReports,
  outbox,
  refusals,
  staff,
  unresolvedCases,
  workOrders,
} from '../../db/schema';
import type { HallEvent } from '../../server/contracts/realtime';
import { createFakeClock } from '../../server/domain/clock';
import { apiRoutes } from '../../server/http/api-routes';
import type { Route } from '../../server/http/router';
import { toPublicEvent } from '../../server/realtime/projection';
import type { StaffActor } from '../../server/services/actors';
import { hallState } from '../support/admin-fixture';
import { type HallFixture, createHallFixture, fixturePassword } from '../support/hall-fixture';
import { withRealtimeServer } from '../support/hall-server';
import { type HttpReply, dbSnapshot, must, request } from '../support/http-client';
import { type ConnectRefusal, collect, connected, nextEvent, openSocket, refused, resync } from '../support/realtime-client';
import { unwrap } from '../support/results';
import { login } from '../support/server';

/** Friday 2026-11-27, 10:00 in Shanghai: the hall is open and afternoon slots are bookable. */
const clock = createFakeClock('2026-11-27T02:00:00Z');
const { handle, server } = withRealtimeServer({ clock, rateLimits: { kind: 'off' } });

// ---------------------------------------------------------------------------
// Identities.

const identities = [
  'anonymous',
  /** A registered hall device: no session, sends its X-Device-Key. */
  'kiosk',
  /** Staff bound to counter 1 of hall A, where the counter rows act. */
  'clerk1',
  /** Staff bound to counter 2 of the same hall. */
  'clerk2',
  'leader',
  'hallAdmin',
  /** An admin bound to no hall. */
  'districtAdmin',
  'volunteer',
  'inspector',
  'otherStaff',
  'otherLeader',
  'otherAdmin',
] as const;
type Who = (typeof identities)[number];

const everyone: readonly Who[] = identities;
const signedOut: readonly Who[] = ['anonymous', 'kiosk'];
const hallAccounts: readonly Who[] = ['clerk1', 'clerk2', 'leader', 'hallAdmin', 'volunteer', 'inspector'];
const otherHall: readonly Who[] = ['otherStaff', 'otherLeader', 'otherAdmin'];
/** Every account bound to a hall (a district admin is bound to none). */
const anyHallAccount: readonly Who[] = [...hallAccounts, ...otherHall];
/** Counter state and staff figures: staff, leaders and admins of the hall (issue 16 item 8). */
const hallStaff: readonly Who[] = ['clerk1', 'clerk2', 'leader', 'hallAdmin'];
const hallLeaders: readonly Who[] = ['leader', 'hallAdmin'];
const onlyClerk1: readonly Who[] = ['clerk1'];
/** Admin routes scoped to a hall: its own admin and a district admin. */
const hallAdminScope: readonly Who[] = ['hallAdmin', 'districtAdmin'];
const anyAdmin: readonly Who[] = ['hallAdmin', 'districtAdmin', 'otherAdmin'];
const districtOnly: readonly Who[] = ['districtAdmin'];
/** Citizens' routes where the credential is in the path (ticket token, appointment code): anyone holding it. */
const holders = everyone;

// ---------------------------------------------------------------------------
// The world: hall A with its records, hall B beside it.

interface World {
  a: HallFixture;
  b: HallFixture;
  cookies: Record<Who, string | undefined>;
  usernames: Record<Exclude<Who, 'anonymous' | 'kiosk'>, string>;
  kioskKey: string;
  /** A second screen of hall A, for the rows that rename or revoke one (the kiosk keeps its key). */
  spareDeviceId: string;
  /** Waiting tickets of service A. */
  waiting: { id: string; token: string }[];
  servedToken: string;
  noShowToken: string;
  refusalId: string;
  caseId: string;
  acceptance: { id: string; token: string };
  caseNo: string;
  workOrderId: string;
  reportId: string;
  photoId: string;
  appointmentCode: string;
  /** Staff of counter 3, whose account the admin rows may change without touching an identity. */
  clerk3: StaffActor;
  inspector: StaffActor;
}

interface Req {
  path: string;
  body?: unknown;
  /** Sent instead of the identity's own session (e.g. a throwaway one for logout). */
  cookie?: string;
}

interface Row {
  /** Who gets something other than 401/403. Everyone else is refused. */
  allow: readonly Who[];
  /** Refused identities answered 404, because the service hides another hall's record (no route does today). */
  hidden?: readonly Who[];
  request: (w: World, n: number, who: Who) => Req | Promise<Req>;
}

const A = (w: World, rest = '') => `/api/v1/halls/${w.a.slug}${rest}`;
const adminA = (w: World, rest = '') => `/api/v1/admin/halls/${w.a.slug}${rest}`;
const counter1 = (w: World, action: string) => `/api/v1/counters/${must(w.a.counterIds[1])}${action}`;
const serviceA = (w: World) => must(w.a.serviceIds.A);
const serviceB = (w: World) => must(w.a.serviceIds.B);
const get = (path: (w: World) => string) => (w: World) => ({ path: path(w) });
const post = (path: (w: World) => string, body: (w: World, n: number) => unknown = () => ({})) => (w: World, n: number) => ({ path: path(w), body: body(w, n) });
/** A fresh, valid name for a row that creates something: each allowed identity creates its own. */
const fresh = (stem: string) => `${stem}-${randomBytes(3).toString('hex')}`;
const png1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** One row per route of `apiRoutes`, in its order. */
const table: Record<string, Row> = {
  // Halls and screens
  'GET /api/v1/halls': { allow: everyone, request: () => ({ path: '/api/v1/halls' }) },
  'GET /api/v1/halls/{hall}': { allow: everyone, request: get((w) => A(w)) },
  'GET /api/v1/halls/{hall}/snapshot': { allow: everyone, request: get((w) => A(w, '/snapshot')) },
  // A district admin manages screens under /api/v1/admin; these older routes are for the hall's own admin.
  'POST /api/v1/halls/{hall}/display-devices': { allow: ['hallAdmin'], request: post((w) => A(w, '/display-devices'), (_, n) => ({ name: `二楼屏${n}` })) },
  'GET /api/v1/halls/{hall}/display-devices': { allow: ['hallAdmin'], request: get((w) => A(w, '/display-devices')) },
  'POST /api/v1/halls/{hall}/display-devices/{deviceId}/revoke': {
    allow: ['hallAdmin'],
    request: post((w) => A(w, `/display-devices/${w.spareDeviceId}/revoke`)),
  },
  // Tickets: anyone takes a number (staff and volunteers of the hall on behalf of citizens)
  'POST /api/v1/halls/{hall}/tickets': { allow: everyone, request: post((w) => A(w, '/tickets'), (w) => ({ serviceId: serviceB(w) })) },
  'GET /api/v1/tickets/{token}': { allow: holders, request: get((w) => `/api/v1/tickets/${must(w.waiting[0]).token}`) },
  'POST /api/v1/tickets/{token}/cancel': {
    allow: holders,
    // A ticket of its own for each identity: a cancel must not take the counter rows' queue away.
    request: async (w) => ({ path: `/api/v1/tickets/${(await issue(w.a, 'B')).token}/cancel`, body: {} }),
  },
  'POST /api/v1/tickets/{token}/rating': { allow: holders, request: post((w) => `/api/v1/tickets/${w.servedToken}/rating`, () => ({ level: 'satisfied' })) },
  // Sign-in
  'POST /api/v1/auth/login': { allow: everyone, request: post(() => '/api/v1/auth/login', (w) => ({ username: w.a.secondLeader.username, password: fixturePassword })) },
  'POST /api/v1/auth/logout': {
    allow: everyone,
    // A throwaway session of the same account: logging out must not end the one the other rows use.
    request: async (w, _, who) => ({ path: '/api/v1/auth/logout', body: {}, cookie: await throwawaySession(w, who) }),
  },
  // Single sign-on: public by nature (this server has no provider configured, so both answer 404 to all)
  'GET /api/v1/auth/oidc/start': { allow: everyone, request: () => ({ path: '/api/v1/auth/oidc/start' }) },
  'GET /api/v1/auth/oidc/callback': { allow: everyone, request: () => ({ path: '/api/v1/auth/oidc/callback?code=abc&state=xyz' }) },
  'GET /api/v1/me': { allow: anyHallAccount, request: () => ({ path: '/api/v1/me' }) },
  // The counter console: reading a counter is for the hall's staff, leaders and admins; commands for its clerk
  'GET /api/v1/counters/{counterId}': { allow: hallStaff, request: get((w) => counter1(w, '')) },
  'POST /api/v1/counters/{counterId}/call-next': { allow: onlyClerk1, request: post((w) => counter1(w, '/call-next')) },
  'POST /api/v1/counters/{counterId}/call': {
    allow: onlyClerk1,
    request: post((w) => counter1(w, '/call'), (w) => ({ ticketId: must(w.waiting[1]).id, reason: '老人优先办理' })),
  },
  'POST /api/v1/counters/{counterId}/recall': { allow: onlyClerk1, request: post((w) => counter1(w, '/recall')) },
  'POST /api/v1/counters/{counterId}/start': { allow: onlyClerk1, request: post((w) => counter1(w, '/start')) },
  'POST /api/v1/counters/{counterId}/complete': { allow: onlyClerk1, request: post((w) => counter1(w, '/complete'), () => ({ outcome: 'accepted', note: '材料齐全' })) },
  'POST /api/v1/counters/{counterId}/no-show': { allow: onlyClerk1, request: post((w) => counter1(w, '/no-show')) },
  'POST /api/v1/counters/{counterId}/transfer': { allow: onlyClerk1, request: post((w) => counter1(w, '/transfer'), (w) => ({ serviceId: serviceB(w), note: '转窗' })) },
  'POST /api/v1/counters/{counterId}/park': { allow: onlyClerk1, request: post((w) => counter1(w, '/park')) },
  'POST /api/v1/counters/{counterId}/return': { allow: onlyClerk1, request: post((w) => counter1(w, '/return'), (w) => ({ ticketId: must(w.waiting[1]).id })) },
  'POST /api/v1/counters/{counterId}/refusals': {
    allow: onlyClerk1,
    request: post((w) => counter1(w, '/refusals'), () => ({ reason: '非产权人', legalBasis: '《不动产登记暂行条例》', notice: ['授权委托书'] })),
  },
  'POST /api/v1/counters/{counterId}/open': { allow: onlyClerk1, request: post((w) => counter1(w, '/open')) },
  'POST /api/v1/counters/{counterId}/pause': { allow: onlyClerk1, request: post((w) => counter1(w, '/pause'), () => ({ reason: '午休' })) },
  'POST /api/v1/counters/{counterId}/resume': { allow: onlyClerk1, request: post((w) => counter1(w, '/resume')) },
  'POST /api/v1/counters/{counterId}/close': { allow: onlyClerk1, request: post((w) => counter1(w, '/close')) },
  // Governance: a refusal is decided by a leader of the hall (not an admin, not its requester)
  'POST /api/v1/refusals/{refusalId}/decision': { allow: ['leader'], request: post((w) => `/api/v1/refusals/${w.refusalId}/decision`, () => ({ approve: true, comment: '同意' })) },
  // Citizens and the hall's accounts open 办不成事 cases; another hall's staff may not open one here
  'POST /api/v1/halls/{hall}/unresolved-cases': {
    allow: [...signedOut, ...hallAccounts, 'districtAdmin'],
    request: post((w) => A(w, '/unresolved-cases'), (w) => ({ description: '来回跑了三次', ticketToken: must(w.waiting[0]).token })),
  },
  'POST /api/v1/unresolved-cases/{caseId}/assign': { allow: hallLeaders, request: post((w) => `/api/v1/unresolved-cases/${w.caseId}/assign`, (w) => ({ staffId: w.a.leader.id })) },
  'POST /api/v1/unresolved-cases/{caseId}/close': {
    allow: hallLeaders,
    request: post((w) => `/api/v1/unresolved-cases/${w.caseId}/close`, () => ({ outcome: 'registered', answer: '已登记并解释' })),
  },
  'GET /api/v1/halls/{hall}/duty': { allow: hallLeaders, request: get((w) => A(w, '/duty')) },
  'GET /api/v1/halls/{hall}/duty-roster': { allow: hallLeaders, request: get((w) => A(w, '/duty-roster?from=2026-11-27&to=2026-11-30')) },
  'PUT /api/v1/halls/{hall}/duty-roster': { allow: ['hallAdmin'], request: post((w) => A(w, '/duty-roster'), (w) => ({ days: [{ day: '2026-11-30', staffId: w.a.leader.id }] })) },
  // 容缺受理 and 办件
  'POST /api/v1/counters/{counterId}/conditional-acceptances': {
    allow: onlyClerk1,
    request: post((w) => counter1(w, '/conditional-acceptances'), () => ({ missingItems: ['户口簿原件'], commitment: 'phone', caseNo: 'QS-2026-000009' })),
  },
  'GET /api/v1/halls/{hall}/conditional-acceptances': { allow: hallStaff, request: get((w) => A(w, '/conditional-acceptances')) },
  'POST /api/v1/tickets/{token}/conditional-acceptances/{acceptanceId}/confirm': {
    allow: holders,
    request: post((w) => `/api/v1/tickets/${w.acceptance.token}/conditional-acceptances/${w.acceptance.id}/confirm`),
  },
  'POST /api/v1/conditional-acceptances/{acceptanceId}/fulfil': {
    allow: ['clerk1', 'clerk2', 'leader'],
    request: post((w) => `/api/v1/conditional-acceptances/${w.acceptance.id}/fulfil`),
  },
  'POST /api/v1/conditional-acceptances/{acceptanceId}/withdraw': {
    allow: ['clerk1', 'clerk2', 'leader'],
    request: post((w) => `/api/v1/conditional-acceptances/${w.acceptance.id}/withdraw`, () => ({ reason: '群众放弃申请' })),
  },
  'POST /api/v1/cases/{caseNo}/progress': {
    allow: ['clerk1', 'clerk2', 'leader'],
    request: post((w) => `/api/v1/cases/${w.caseNo}/progress`, () => ({ status: 'in_review', note: '已转审批科' })),
  },
  'GET /api/v1/me/issued-tickets': { allow: anyHallAccount, request: () => ({ path: '/api/v1/me/issued-tickets' }) },
  'POST /api/v1/tickets/{token}/delay': { allow: holders, request: post((w) => `/api/v1/tickets/${must(w.waiting[0]).token}/delay`) },
  'POST /api/v1/tickets/{token}/rejoin': { allow: holders, request: post((w) => `/api/v1/tickets/${w.noShowToken}/rejoin`) },
  // 整改 and 体验员
  'GET /api/v1/halls/{hall}/work-orders': { allow: hallLeaders, request: get((w) => A(w, '/work-orders')) },
  'GET /api/v1/work-orders/{workOrderId}': { allow: hallLeaders, request: get((w) => `/api/v1/work-orders/${w.workOrderId}`) },
  'POST /api/v1/work-orders/{workOrderId}/advance': {
    allow: hallLeaders,
    request: post((w) => `/api/v1/work-orders/${w.workOrderId}/advance`, () => ({ step: 'verify', note: '已电话回访核实' })),
  },
  'POST /api/v1/work-orders/{workOrderId}/appeal': {
    allow: hallLeaders,
    request: post((w) => `/api/v1/work-orders/${w.workOrderId}/appeal`, () => ({ reason: '同一号码连续恶意差评' })),
  },
  // Declining (or withdrawing) an appeal: the hall's leaders, like asking and upholding one
  'POST /api/v1/work-orders/{workOrderId}/appeal/decline': {
    allow: hallLeaders,
    request: post((w) => `/api/v1/work-orders/${w.workOrderId}/appeal/decline`, () => ({ reason: '证据不足' })),
  },
  // 查看完整号码 of a work order's citizen: for the hall's leaders and admins who follow it up
  'POST /api/v1/halls/{hall}/personal-data/reveal': {
    allow: hallLeaders,
    request: post((w) => A(w, '/personal-data/reveal'), (w) => ({ kind: 'work_order', id: w.workOrderId, reason: 'follow_up' })),
  },
  'POST /api/v1/halls/{hall}/inspection-reports': {
    allow: ['inspector'],
    request: post(
      (w) => A(w, '/inspection-reports'),
      (w) => ({ serviceId: serviceA(w), visitedAt: '2026-11-27T01:00:00Z', scores: { efficiency: 4, serviceLevel: 4, attitude: 5, environment: 3, guidance: 4 }, problems: [], summary: '整体良好' }),
    ),
  },
  'GET /api/v1/inspection-reports/mine': { allow: ['inspector'], request: () => ({ path: '/api/v1/inspection-reports/mine' }) },
  'POST /api/v1/inspection-reports/{reportId}/photos': { allow: ['inspector'], request: post((w) => `/api/v1/inspection-reports/${w.reportId}/photos`, () => ({ image: png1x1 })) },
  // The hall's staff, leaders and admins, and the inspector who took it
  'GET /api/v1/inspection-photos/{photoId}': { allow: [...hallStaff, 'inspector'], request: get((w) => `/api/v1/inspection-photos/${w.photoId}`) },
  // 预约 and 办件查询: public, the code or the phone's last digits are the credential
  'GET /api/v1/halls/{hall}/slots': { allow: everyone, request: get((w) => A(w, `/slots?serviceId=${serviceA(w)}&date=2026-11-27`)) },
  'POST /api/v1/halls/{hall}/appointments': {
    allow: everyone,
    request: post((w) => A(w, '/appointments'), (w, n) => ({ serviceId: serviceA(w), slotStart: '2026-11-27T07:00:00.000Z', name: '张三', phone: `1380000${String(1000 + n).slice(-4)}` })),
  },
  'GET /api/v1/appointments/{code}': { allow: holders, request: get((w) => `/api/v1/appointments/${w.appointmentCode}`) },
  'POST /api/v1/appointments/{code}/cancel': { allow: holders, request: post((w) => `/api/v1/appointments/${w.appointmentCode}/cancel`, () => ({ phoneLast4: '5678' })) },
  'POST /api/v1/appointments/{code}/check-in': { allow: holders, request: post((w) => `/api/v1/appointments/${w.appointmentCode}/check-in`) },
  'GET /api/v1/cases/{caseNo}': { allow: holders, request: get((w) => `/api/v1/cases/${w.caseNo}?phoneLast4=1234`) },
  // Counter-level appointment lists (masked names) are counter data, like the counter's state:
  // staff, leaders and admins of the hall. Main still lets volunteers and inspectors in (reported).
  'GET /api/v1/counters/{counterId}/appointments/today': { allow: hallStaff, request: get((w) => counter1(w, '/appointments/today')) },
  'GET /api/v1/halls/{hall}/appointments/today': { allow: hallLeaders, request: get((w) => A(w, '/appointments/today')) },
  // Live and history figures: leaders and admins of the hall (or of a hall that oversees it)
  'GET /api/v1/halls/{hall}/metrics/live': { allow: hallLeaders, request: get((w) => A(w, '/metrics/live')) },
  'GET /api/v1/metrics/live': { allow: ['leader', 'hallAdmin', 'otherLeader', 'otherAdmin'], request: () => ({ path: '/api/v1/metrics/live' }) },
  'GET /api/v1/halls/{hall}/home': { allow: everyone, request: get((w) => A(w, '/home')) },
  'GET /api/v1/halls/{hall}/waits': { allow: everyone, request: get((w) => A(w, '/waits')) },
  'POST /api/v1/halls/{hall}/tickets/find': { allow: everyone, request: post((w) => A(w, '/tickets/find'), () => ({ phone: '13812341234', number: 'A001' })) },
  'GET /api/v1/halls/{hall}/metrics/history': { allow: hallLeaders, request: get((w) => A(w, '/metrics/history?from=2026-11-20&to=2026-11-26')) },
  'GET /api/v1/halls/{hall}/metrics/history.csv': { allow: hallLeaders, request: get((w) => A(w, '/metrics/history.csv?from=2026-11-20&to=2026-11-26')) },
  // Administration
  'GET /api/v1/admin/me': { allow: anyAdmin, request: () => ({ path: '/api/v1/admin/me' }) },
  'POST /api/v1/me/password': {
    allow: [...anyHallAccount, 'districtAdmin'],
    // The same password again: the account changes nothing a later row relies on (the asking session stays).
    request: () => ({ path: '/api/v1/me/password', body: { currentPassword: fixturePassword, newPassword: fixturePassword } }),
  },
  'GET /api/v1/admin/halls': { allow: anyAdmin, request: () => ({ path: '/api/v1/admin/halls' }) },
  'POST /api/v1/admin/halls': { allow: districtOnly, request: () => ({ path: '/api/v1/admin/halls', body: { slug: fresh('n'), name: '新建大厅' } }) },
  'GET /api/v1/admin/halls/{hall}': { allow: hallAdminScope, request: get((w) => adminA(w)) },
  'PATCH /api/v1/admin/halls/{hall}': { allow: hallAdminScope, request: post((w) => adminA(w), (_, n) => ({ name: `测试大厅改名 ${n}` })) },
  'GET /api/v1/admin/halls/{hall}/settings': { allow: hallAdminScope, request: get((w) => adminA(w, '/settings')) },
  'PATCH /api/v1/admin/halls/{hall}/settings': { allow: hallAdminScope, request: post((w) => adminA(w, '/settings'), (_, n) => ({ waitTargetMinutes: 20 + (n % 100) })) },
  'GET /api/v1/admin/halls/{hall}/outbox': { allow: hallAdminScope, request: get((w) => adminA(w, '/outbox')) },
  'POST /api/v1/admin/halls/{hall}/outbox/{messageId}/resend': { allow: hallAdminScope, request: post((w) => adminA(w, `/outbox/${randomUUID()}/resend`)) },
  'GET /api/v1/admin/halls/{hall}/webhooks': { allow: hallAdminScope, request: get((w) => adminA(w, '/webhooks')) },
  'POST /api/v1/admin/halls/{hall}/webhooks': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, '/webhooks'), (_, n) => ({ url: `https://hooks.example.gov.cn/${n}`, active: false })),
  },
  'PATCH /api/v1/admin/halls/{hall}/webhooks/{subscriberId}': { allow: hallAdminScope, request: post((w) => adminA(w, `/webhooks/${randomUUID()}`), () => ({ active: false })) },
  'POST /api/v1/admin/halls/{hall}/webhooks/{subscriberId}/delete': { allow: hallAdminScope, request: post((w) => adminA(w, `/webhooks/${randomUUID()}/delete`)) },
  'GET /api/v1/admin/halls/{hall}/services': { allow: hallAdminScope, request: get((w) => adminA(w, '/services')) },
  'POST /api/v1/admin/halls/{hall}/services': { allow: hallAdminScope, request: post((w) => adminA(w, '/services'), (_, n) => ({ prefix: 'KLMNPQRSTUVWXY'.charAt(n % 14), name: `新事项${n}` })) },
  'GET /api/v1/admin/halls/{hall}/services/export': { allow: hallAdminScope, request: get((w) => adminA(w, '/services/export')) },
  'GET /api/v1/admin/halls/{hall}/services/export.xlsx': { allow: hallAdminScope, request: get((w) => adminA(w, '/services/export.xlsx')) },
  'POST /api/v1/admin/halls/{hall}/services/import': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, '/services/import'), () => ({ services: [{ prefix: 'Z', name: '导入事项' }], dryRun: true })),
  },
  'PATCH /api/v1/admin/halls/{hall}/services/{serviceId}': { allow: hallAdminScope, request: post((w) => adminA(w, `/services/${serviceA(w)}`), (_, n) => ({ name: `事项A-${n}` })) },
  'GET /api/v1/admin/halls/{hall}/counters': { allow: hallAdminScope, request: get((w) => adminA(w, '/counters')) },
  'POST /api/v1/admin/halls/{hall}/counters': { allow: hallAdminScope, request: post((w) => adminA(w, '/counters'), (_, n) => ({ number: 10 + (n % 900), name: `${10 + (n % 900)}号窗口` })) },
  'PATCH /api/v1/admin/halls/{hall}/counters/{counterId}': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, `/counters/${must(w.a.counterIds[3])}`), (_, n) => ({ name: `三号窗口${n}` })),
  },
  'GET /api/v1/admin/halls/{hall}/counter-services': { allow: hallAdminScope, request: get((w) => adminA(w, '/counter-services')) },
  'PUT /api/v1/admin/halls/{hall}/counter-services': {
    allow: hallAdminScope,
    // The matrix as it is: replaced whole by itself.
    request: async (w) => {
      const links = await handle.db
        .select({ counterId: counters.id, serviceId: counterServices.serviceId })
        .from(counters)
        .leftJoin(counterServices, eq(counterServices.counterId, counters.id))
        .where(eq(counters.hallId, w.a.hallId));
      const matrix = new Map<string, string[]>();
      for (const l of links) matrix.set(l.counterId, [...(matrix.get(l.counterId) ?? []), ...(l.serviceId ? [l.serviceId] : [])]);
      return { path: adminA(w, '/counter-services'), body: { rows: [...matrix].map(([counterId, serviceIds]) => ({ counterId, serviceIds })) } };
    },
  },
  'GET /api/v1/admin/halls/{hall}/staff': { allow: hallAdminScope, request: get((w) => adminA(w, '/staff')) },
  'POST /api/v1/admin/halls/{hall}/staff': {
    allow: hallAdminScope,
    request: (w) => ({ path: adminA(w, '/staff'), body: { username: fresh('clerk'), displayName: '新同事', role: 'staff', password: 'a-long-password' } }),
  },
  'PATCH /api/v1/admin/halls/{hall}/staff/{staffId}': { allow: hallAdminScope, request: post((w) => adminA(w, `/staff/${w.clerk3.id}`), (_, n) => ({ displayName: `窗口三${n}` })) },
  'POST /api/v1/admin/halls/{hall}/staff/{staffId}/password': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, `/staff/${w.clerk3.id}/password`), () => ({ password: 'another-password' })),
  },
  'POST /api/v1/admin/halls/{hall}/staff/{staffId}/unlock': { allow: hallAdminScope, request: post((w) => adminA(w, `/staff/${w.clerk3.id}/unlock`)) },
  'GET /api/v1/admin/district-admins': { allow: districtOnly, request: () => ({ path: '/api/v1/admin/district-admins' }) },
  'POST /api/v1/admin/district-admins': {
    allow: districtOnly,
    request: () => ({ path: '/api/v1/admin/district-admins', body: { username: fresh('d'), displayName: '区管理员二', password: 'a-long-password' } }),
  },
  'GET /api/v1/admin/halls/{hall}/duty-roster': { allow: hallAdminScope, request: get((w) => adminA(w, '/duty-roster?month=2026-12')) },
  'PUT /api/v1/admin/halls/{hall}/duty-roster': { allow: hallAdminScope, request: post((w) => adminA(w, '/duty-roster'), (w) => ({ days: [{ day: '2026-12-01', staffId: w.a.leader.id }] })) },
  'GET /api/v1/admin/halls/{hall}/display-devices': { allow: hallAdminScope, request: get((w) => adminA(w, '/display-devices')) },
  'POST /api/v1/admin/halls/{hall}/display-devices': { allow: hallAdminScope, request: post((w) => adminA(w, '/display-devices'), (_, n) => ({ name: `大厅屏${n}` })) },
  'PATCH /api/v1/admin/halls/{hall}/display-devices/{deviceId}': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, `/display-devices/${w.spareDeviceId}`), (_, n) => ({ name: `一楼屏${n}` })),
  },
  'POST /api/v1/admin/halls/{hall}/display-devices/{deviceId}/revoke': { allow: hallAdminScope, request: post((w) => adminA(w, `/display-devices/${w.spareDeviceId}/revoke`)) },
  'GET /api/v1/admin/halls/{hall}/notices': { allow: hallAdminScope, request: get((w) => adminA(w, '/notices')) },
  'PUT /api/v1/admin/halls/{hall}/notices': {
    allow: hallAdminScope,
    request: post((w) => adminA(w, '/notices'), (_, n) => ({ notices: [`欢迎光临 ${n}`], callTemplate: '请 {number} 号到 {counter} 号窗口', callRepeat: 2 })),
  },
  'PUT /api/v1/admin/halls/{hall}/urgent-notice': { allow: hallAdminScope, request: post((w) => adminA(w, '/urgent-notice'), () => ({ text: null })) },
  'GET /api/v1/admin/halls/{hall}/audit': { allow: hallAdminScope, request: get((w) => adminA(w, '/audit')) },
  'GET /api/v1/admin/halls/{hall}/audit.csv': { allow: hallAdminScope, request: get((w) => adminA(w, '/audit.csv')) },
  'GET /api/v1/admin/halls/{hall}/sign-ins': { allow: hallAdminScope, request: get((w) => adminA(w, '/sign-ins')) },
  'GET /api/v1/admin/halls/{hall}/sign-ins.csv': { allow: hallAdminScope, request: get((w) => adminA(w, '/sign-ins.csv')) },
};

// ---------------------------------------------------------------------------
// Building the world.

let world: World | undefined;
const w = () => must(world, 'the world (built in beforeAll)');

async function issue(hall: HallFixture, prefix: string, phone?: string) {
  return unwrap(await server.services.tickets.issue(hall.slug, { serviceId: must(hall.serviceIds[prefix]), ...(phone ? { phone } : {}) }));
}

async function addAccount(hallId: string | null, role: 'volunteer' | 'inspector' | 'admin'): Promise<StaffActor> {
  const id = randomUUID();
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  await handle.db.insert(staff).values({ id, hallId, username, displayName: role, role, passwordHash: bcrypt.hashSync(fixturePassword, 4) });
  return { id, username, displayName: role, role, hallId: hallId ?? '', counterId: null };
}

async function throwawaySession(world: World, who: Who): Promise<string> {
  if (who === 'anonymous' || who === 'kiosk') return '';
  return login(server.url, world.usernames[who], fixturePassword);
}

async function buildWorld(): Promise<World> {
  const open = [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }];
  const a = await createHallFixture(handle.db, {
    services: [{ prefix: 'A', openingHours: open }, { prefix: 'B', openingHours: open }],
    counters: [
      { number: 1, serves: ['A'] },
      { number: 2, serves: ['A'] },
      // Counter 3 makes the records the rows act on, so counter 1 is left to the rows.
      { number: 3, serves: ['A', 'B'] },
    ],
    // Hall A admits only registered screens: the kiosk's key is what lets it watch /display.
    settings: { requireDeviceKey: true },
  });
  const b = await createHallFixture(handle.db);
  const s = server.services;
  const clerk3 = a.staffOf(3);
  const c3 = must(a.counterIds[3]);
  const kiosk = unwrap(await s.displayDevices.issue(a.admin, a.slug, '一楼取号机'));
  const spare = unwrap(await s.displayDevices.issue(a.admin, a.slug, '二楼综合屏'));

  /** One visit through counter 3: issued, called, started. */
  const serving = async (prefix: string, phone?: string) => {
    const t = await issue(a, prefix, phone);
    unwrap(await s.counters.callChosen(clerk3, c3, t.id, '准备测试数据'));
    unwrap(await s.counters.start(clerk3, c3));
    return t;
  };
  const refused = await serving('A');
  const { refusal } = unwrap(await s.refusals.request(clerk3, c3, { reason: '非产权人', legalBasis: '《不动产登记暂行条例》', notice: ['授权委托书'] }));
  const conditional = await serving('A', '13812341234');
  const { acceptance } = unwrap(await s.conditional.accept(clerk3, c3, { missingItems: ['户口簿原件'], commitment: 'phone', caseNo: 'QS-2026-000001' }));
  const rated = await serving('A');
  unwrap(await s.counters.complete(clerk3, c3, {}));
  unwrap(await s.tickets.rate(rated.token, { level: 'very_dissatisfied', attitude: 1, comment: '态度冷淡' }));
  const served = await serving('B');
  unwrap(await s.counters.complete(clerk3, c3, {}));
  const missed = await issue(a, 'B');
  unwrap(await s.counters.callChosen(clerk3, c3, missed.id, '准备测试数据'));
  unwrap(await s.counters.noShow(clerk3, c3));
  const opened = unwrap(await s.cases.open(a.slug, { description: '材料被退回三次', ticketToken: refused.token }, null));
  const workOrder = must(unwrap(await s.workOrders.list(a.leader, a.slug)).orders[0], 'a work order');

  const volunteer = await addAccount(a.hallId, 'volunteer');
  const inspector = await addAccount(a.hallId, 'inspector');
  const district = await addAccount(null, 'admin');
  const { report } = unwrap(
    await s.inspections.file(inspector, a.slug, {
      serviceId: must(a.serviceIds.A),
      visitedAt: '2026-11-27T01:00:00Z',
      scores: { efficiency: 4, serviceLevel: 4, attitude: 5, environment: 3, guidance: 4 },
      problems: ['叫号屏字体太小'],
      summary: '整体良好',
    }),
  );
  const photo = unwrap(await s.inspectionPhotos.attach(inspector, report.id, { image: png1x1 }));
  const appointment = unwrap(
    await s.appointments.book(a.slug, { serviceId: must(a.serviceIds.A), slotStart: '2026-11-27T08:00:00.000Z', name: '李四', phone: '13900005678' }, { ip: '10.0.0.1', deviceKey: undefined }),
  );
  // The queue of counter 1, taken last so that counter 3 never called it.
  const waiting = [await issue(a, 'A'), await issue(a, 'A'), await issue(a, 'A')];

  const usernames: World['usernames'] = {
    clerk1: a.usernameOf(1),
    clerk2: a.usernameOf(2),
    leader: a.leader.username,
    hallAdmin: a.admin.username,
    districtAdmin: district.username,
    volunteer: volunteer.username,
    inspector: inspector.username,
    otherStaff: b.usernameOf(1),
    otherLeader: b.leader.username,
    otherAdmin: b.admin.username,
  };
  const cookies = { anonymous: undefined, kiosk: undefined } as World['cookies'];
  for (const [who, username] of Object.entries(usernames)) cookies[who as Who] = await login(server.url, username, fixturePassword);
  return {
    a,
    b,
    cookies,
    usernames,
    kioskKey: kiosk.key,
    spareDeviceId: spare.device.id,
    waiting: waiting.map((t) => ({ id: t.id, token: t.token })),
    servedToken: served.token,
    noShowToken: missed.token,
    refusalId: refusal.id,
    caseId: opened.case.id,
    acceptance: { id: acceptance.id, token: conditional.token },
    caseNo: 'QS-2026-000001',
    workOrderId: workOrder.id,
    reportId: report.id,
    photoId: photo.photo.id,
    appointmentCode: appointment.code,
    clerk3,
    inspector,
  };
}

// ---------------------------------------------------------------------------
// Asking, and what a refusal must leave untouched.

async function send(r: Route, who: Who, req: Req): Promise<HttpReply> {
  const headers: Record<string, string> = who === 'kiosk' ? { 'x-device-key': w().kioskKey } : {};
  const cookie = req.cookie ?? w().cookies[who];
  return request(server.url, req.path, {
    method: r.method,
    headers,
    ...(cookie ? { cookie } : {}),
    ...(r.method === 'GET' ? {} : { json: req.body ?? {} }),
  });
}

/** Everything a wrongly accepted request could change: row counts, versions, the halls' event seq and hall A's configuration. */
async function state(): Promise<string> {
  const rows = await Promise.all(
    [refusals, unresolvedCases, conditionalAcceptances, cases, workOrders, inspectionReports, inspectionPhotos, appointments, outbox].map((t) => handle.db.select().from(t)),
  );
  return JSON.stringify({ db: await dbSnapshot(handle.db), hall: await hallState(handle.db, w().a.hallId), rows: rows.map((r) => r.map((x) => JSON.stringify(x)).sort()) });
}

const label = (r: Route) => `${r.method} ${r.path}`;
const needsHallSession = (r: Route) => r.auth === true;
const needsAccount = (r: Route) => r.auth === true || r.account === true;

/** The answer a refused identity gets. */
function refusal(r: Route, row: Row, who: Who): number {
  if (row.hidden?.includes(who)) return 404;
  if (needsAccount(r) && (who === 'anonymous' || who === 'kiosk')) return 401;
  // A district admin's session is bound to no hall: the routes of a hall's staff do not know it.
  if (needsHallSession(r) && who === 'districtAdmin') return 401;
  return 403;
}

let n = 0;

async function expectRefused(r: Route, row: Row, who: Who) {
  n += 1;
  const reply = await send(r, who, await row.request(w(), n, who));
  const expected = refusal(r, row, who);
  expect({ who, status: reply.status }, reply.text).toEqual({ who, status: expected });
  const code = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[expected];
  expect((reply.json as { error?: { code?: string } } | undefined)?.error?.code, `${who}: error code`).toBe(code);
}

/** Asks as each identity that must be refused, then checks that together they changed nothing. */
async function expectAllRefused(r: Route, row: Row, refusedIds: readonly Who[]) {
  if (refusedIds.length === 0) return;
  const before = await state();
  // All at once: a refusal depends on who asks, never on what another refusal did.
  await Promise.all(refusedIds.map((who) => expectRefused(r, row, who)));
  expect(await state(), `a refused ${label(r)} changed something (${refusedIds.join(', ')})`).toBe(before);
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  world = await buildWorld();
});

describe('the authorisation table', () => {
  it('has exactly one row for every route of the API, and builds schema-valid requests', async () => {
    const labels = apiRoutes.map(label);
    for (const l of labels) expect(table[l], `${l}: add a row to the authorisation table`).toBeDefined();
    for (const l of Object.keys(table)) expect(labels, `${l}: a row for a route that no longer exists`).toContain(l);
    for (const r of apiRoutes) {
      const row = must(table[label(r)]);
      for (const who of row.allow) expect(identities, `${label(r)}: unknown identity`).toContain(who);
      const req = await row.request(w(), 0, 'clerk1');
      const url = new URL(req.path, 'http://x');
      const match = new RegExp(`^${r.path.replace(/\{\w+\}/g, '([^/]+)')}$`).exec(url.pathname);
      expect(match, `${label(r)}: the request's path ${url.pathname}`).not.toBeNull();
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => must(m[1]));
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(must(match?.[i + 1]))]));
      if (r.params) expect(r.params.safeParse(params).error, `${label(r)}: params`).toBeUndefined();
      if (r.query) expect(r.query.safeParse(Object.fromEntries(url.searchParams)).error, `${label(r)}: query`).toBeUndefined();
      if (r.body) expect(r.body.safeParse(req.body ?? {}).error, `${label(r)}: body`).toBeUndefined();
    }
  });

  for (const r of apiRoutes) {
    const row = table[label(r)];
    if (!row) continue;
    const refusedIds = identities.filter((who) => !row.allow.includes(who));
    it(`${label(r)}: refuses ${refusedIds.join(', ') || 'nobody'}, changing nothing; lets in ${row.allow.join(', ') || 'nobody'}`, async () => {
      await expectAllRefused(r, row, refusedIds);
      for (const who of row.allow) {
        n += 1;
        const reply = await send(r, who, await row.request(w(), n, who));
        const refusedAnyway = reply.status === 401 || reply.status === 403;
        expect({ who, refused: refusedAnyway ? `${reply.status} ${reply.text}` : false }).toEqual({ who, refused: false });
      }
    });
  }
});

// ---------------------------------------------------------------------------
// Socket namespaces: who is admitted, and what an admitted identity receives.

type NamespaceName = '/display' | '/ticket' | '/staff' | '/leader';

/**
 * Who each namespace admits (DESIGN.md: /display by hall and, where the hall says so, a
 * device key; /ticket by the ticket's token, whoever holds it; /staff the hall's staff,
 * leaders, admins and volunteers — each their own hall's stream; /leader leaders and admins).
 */
const namespaces: Record<NamespaceName, readonly Who[]> = {
  '/display': ['kiosk'],
  '/ticket': everyone,
  '/staff': ['clerk1', 'clerk2', 'leader', 'hallAdmin', 'volunteer', ...otherHall],
  '/leader': ['leader', 'hallAdmin', 'otherLeader', 'otherAdmin'],
};

const sockets: Socket[] = [];
afterAll(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

function openAs(namespace: NamespaceName, who: Who): Socket {
  const world = w();
  const auth: Record<string, unknown> =
    namespace === '/display' ? { hall: world.a.slug, ...(who === 'kiosk' ? { deviceKey: world.kioskKey } : {}) } : namespace === '/ticket' ? { token: must(world.waiting[2]).token } : {};
  const cookie = world.cookies[who];
  const socket = openSocket(server.url, namespace, { auth, ...(cookie ? { cookie } : {}) });
  sockets.push(socket);
  return socket;
}

describe('the socket namespaces', () => {
  const admitted = new Map<string, Socket>();
  const key = (namespace: NamespaceName, who: Who) => `${namespace} ${who}`;

  for (const [namespace, allow] of Object.entries(namespaces) as [NamespaceName, readonly Who[]][]) {
    it(`${namespace}: admits ${allow.join(', ')}; refuses the rest`, async () => {
      for (const who of identities) {
        const socket = openAs(namespace, who);
        if (allow.includes(who)) {
          await connected(socket);
          admitted.set(key(namespace, who), socket);
        } else {
          const error: ConnectRefusal = await refused(socket);
          expect({ who, code: error.data?.code }).toEqual({ who, code: expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/) as unknown });
        }
      }
    });
  }

  it('/ticket refuses a socket without a token, whoever asks', async () => {
    const socket = openSocket(server.url, '/ticket', { cookie: must(w().cookies.leader) });
    sockets.push(socket);
    await refused(socket);
  });

  it("an event of hall A reaches hall A's streams and none of hall B's", async () => {
    const world = w();
    const streams = [...admitted.entries()].filter(([k]) => k.startsWith('/staff') || k.startsWith('/leader') || k.startsWith('/display'));
    const received = new Map(streams.map(([k, socket]) => [k, collect<HallEvent>(socket, 'event')]));
    const clerkStream = must(admitted.get(key('/staff', 'clerk2')));
    const arrived = nextEvent<HallEvent>(clerkStream, 'event', (e) => e.type === 'ticket.issued');
    const issued = await issue(world.a, 'B');
    const event = await arrived;
    // A round trip on each socket after the event was relayed: anything sent to it has arrived.
    await Promise.all(streams.map(([, socket]) => resync(socket, { since: event.seq })));
    for (const [k, events] of received) {
      const seen = events.some((e) => e.seq === event.seq && e.type === 'ticket.issued' && e.data.number === issued.number);
      expect({ stream: k, seen }).toEqual({ stream: k, seen: !otherHall.some((who) => k.endsWith(` ${who}`)) });
    }
  });

  /** A call out of turn: its reason is for staff, the number and counter for everyone. */
  async function outOfTurnCall() {
    const world = w();
    const collected = {
      staff: collect<HallEvent>(must(admitted.get(key('/staff', 'clerk2'))), 'event'),
      volunteer: collect<HallEvent>(must(admitted.get(key('/staff', 'volunteer'))), 'event'),
    };
    const volunteerSocket = must(admitted.get(key('/staff', 'volunteer')));
    const ticket = await issue(world.a, 'B');
    const called = nextEvent<HallEvent>(volunteerSocket, 'event', (e) => e.type === 'ticket.called' && e.data.ticketId === ticket.id);
    const c3 = must(world.a.counterIds[3]);
    unwrap(await server.services.counters.callChosen(world.clerk3, c3, ticket.id, '老人优先办理（工作人员备注）'));
    await called;
    // Counter 3 free again for the next call.
    unwrap(await server.services.counters.noShow(world.clerk3, c3));
    await resync(must(admitted.get(key('/staff', 'clerk2'))), { since: 0 });
    const pick = (events: HallEvent[]) => must(events.find((e) => e.type === 'ticket.called' && e.data.ticketId === ticket.id), 'the call');
    return { staff: pick(collected.staff), volunteer: pick(collected.volunteer) };
  }

  it('staff on /staff receive the full event, with the out-of-turn reason', async () => {
    const { staff: full } = await outOfTurnCall();
    expect(full.data).toMatchObject({ outOfTurn: true, reason: '老人优先办理（工作人员备注）' });
  });

  it('a volunteer on /staff receives only the public projection of the same event (issue 16 item 8)', async () => {
    const { staff: full, volunteer } = await outOfTurnCall();
    expect(volunteer).toEqual(toPublicEvent(full as Parameters<typeof toPublicEvent>[0]));
    expect(volunteer.data).not.toHaveProperty('reason');
  });
});
