import { z } from 'zod';
import * as api from '../contracts/api';
import * as gov from '../contracts/governance';
import type { Services } from '../services';
import type { StaffActor } from '../services/actors';
import { citizenTicketRoutes } from './routes/citizen-ticket';
import { staffRoute, wrap } from './route-helpers';
import { type Route, route, sessionCookie } from './router';
import { conditionalRoutes } from './routes/conditional';
import { rectificationRoutes } from './routes/rectification';
import { appointmentRoutes } from './routes/appointments';
import { leaderLiveRoutes } from './routes/leader-live';
import { citizenRoutes } from './routes/citizen';
import { metricsHistoryRoutes } from './routes/metrics-history';
import { adminRoutes } from './routes/admin';

const staffTag = ['Counter'];
const counterPath = (action: string) => `/api/v1/counters/{counterId}/${action}`;

function counterRoute<B extends z.ZodType>(
  action: string,
  summary: string,
  body: B,
  response: z.ZodType,
  run: (ctx: { actor: StaffActor; counterId: string; body: z.infer<B>; key: string | undefined; services: Services }) => ReturnType<Route['handler']>,
  status?: number,
): Route {
  return staffRoute({
    method: 'POST',
    path: counterPath(action),
    summary,
    tags: staffTag,
    ...(status ? { status } : {}),
    params: api.params.counter,
    body,
    response,
    idempotent: true,
    handler: ({ params, body: parsed, actor, idempotencyKey, services }) =>
      run({ actor, counterId: params.counterId, body: parsed, key: idempotencyKey, services }),
  });
}

const cookieAttributes = 'Path=/; HttpOnly; SameSite=Lax';

export const apiRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/halls',
    summary: 'List halls',
    tags: ['Halls'],
    response: api.hallList,
    handler: async ({ services }) => ({ status: 200, body: { halls: await services.halls.list() } }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}',
    summary: 'A hall with its services (waiting, estimated wait, guide) and counters',
    tags: ['Halls'],
    params: api.params.hall,
    response: api.hallDetail,
    handler: ({ params, services }) => services.halls.detail(params.hall),
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/snapshot',
    summary: 'What the hall screens show, with the event seq it describes',
    tags: ['Halls'],
    params: api.params.hall,
    response: api.displaySnapshot,
    handler: ({ params, services }) => services.halls.snapshot(params.hall),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/display-devices',
    summary: 'Register a hall screen (admin of the hall); the device key is returned this once',
    tags: ['Displays'],
    params: api.params.hall,
    body: api.displayDeviceBody,
    status: 201,
    response: api.issuedDisplayDevice,
    handler: ({ params, body, actor, services }) => services.displayDevices.issue(actor, params.hall, body.name),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/display-devices',
    summary: "The hall's registered screens (admin of the hall); keys are never shown again",
    tags: ['Displays'],
    params: api.params.hall,
    response: api.displayDeviceList,
    handler: ({ params, actor, services }) => services.displayDevices.list(actor, params.hall),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/display-devices/{deviceId}/revoke',
    summary: "Revoke a screen's key (admin of the hall); screens using it are disconnected",
    tags: ['Displays'],
    params: api.displayDeviceParams,
    body: api.emptyBody,
    response: z.object({ device: api.displayDevice }),
    handler: ({ params, actor, services }) => services.displayDevices.revoke(actor, params.hall, params.deviceId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/halls/{hall}/tickets',
    summary:
      'Take a number (rate-limited per phone and per address, a hall device sends its X-Device-Key; a priority class other than normal: signed-in staff or volunteers of the hall only)',
    tags: ['Tickets'],
    params: api.params.hall,
    body: api.issueTicketBody,
    status: 201,
    response: api.issueTicketResponse,
    handler: async ({ params, body, services, sessionId, client }) => {
      // Anonymous as ever, within the citizens' limits; a volunteer's or staff session takes
      // numbers for others (and may add a priority class), so it is not counted as a citizen.
      const actor = sessionId ? await services.auth.authenticate(sessionId) : null;
      const result = actor
        ? await services.intake.issue(params.hall, body, actor)
        : await services.citizenIntake.take(params.hall, body, client);
      return wrap('ticket', result);
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/tickets/{token}',
    summary: "The citizen's view of their ticket",
    tags: ['Tickets'],
    params: api.params.token,
    response: api.ticketViewResponse,
    handler: async ({ params, services }) => wrap('ticket', await services.tickets.view(params.token)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tickets/{token}/cancel',
    summary: 'Cancel a waiting ticket',
    tags: ['Tickets'],
    params: api.params.token,
    body: api.emptyBody,
    response: api.ticketViewResponse,
    handler: async ({ params, services }) => wrap('ticket', await services.tickets.cancel(params.token)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tickets/{token}/rating',
    summary: 'Rate a served visit (好差评), once',
    tags: ['Tickets'],
    params: api.params.token,
    body: api.ratingBody,
    status: 201,
    response: api.ratingResponse,
    handler: ({ params, body, services }) => services.tickets.rate(params.token, body),
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/login',
    summary: 'Staff sign-in; sets an HttpOnly session cookie',
    tags: ['Auth'],
    body: api.loginBody,
    response: api.meResponse,
    handler: async ({ body, services, setCookie }) => {
      const result = await services.auth.login(body.username, body.password);
      if (!result.ok) return result;
      const maxAge = Math.floor((result.data.expiresAt.getTime() - services.clock.now().getTime()) / 1000);
      setCookie(`${sessionCookie}=${result.data.sessionId}; ${cookieAttributes}; Max-Age=${maxAge}`);
      return { status: 200, body: { me: result.data.me } };
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'End the session',
    tags: ['Auth'],
    body: api.emptyBody,
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ services, sessionId, setCookie }) => {
      await services.auth.logout(sessionId);
      setCookie(`${sessionCookie}=; ${cookieAttributes}; Max-Age=0`);
      return { status: 200, body: { ok: true } };
    },
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in staff member',
    tags: ['Auth'],
    response: api.meResponse,
    handler: ({ actor }) => {
      const a = actor as StaffActor & { hall: api.Me['hall'] };
      const me: api.Me = {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        hall: a.hall,
        counterId: a.counterId,
      };
      return Promise.resolve({ status: 200, body: { me } });
    },
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/counters/{counterId}',
    summary: "The counter's state, current ticket, parked tickets and queue in call order",
    tags: staffTag,
    params: api.params.counter,
    response: api.counterState,
    handler: ({ params, actor, services }) => services.counters.state(actor, params.counterId),
  }),
  counterRoute('call-next', 'Call the next ticket by the hall policy', api.emptyBody, api.ticketResponse, (c) =>
    c.services.counters.callNext(c.actor, c.counterId, c.key),
  ),
  counterRoute('call', 'Call a chosen ticket out of turn (reason recorded)', api.callChosenBody, api.ticketResponse, (c) =>
    c.services.counters.callChosen(c.actor, c.counterId, c.body.ticketId, c.body.reason, c.key),
  ),
  counterRoute('recall', 'Call the current ticket again', api.emptyBody, api.ticketResponse, (c) =>
    c.services.counters.recall(c.actor, c.counterId, c.key),
  ),
  counterRoute('start', 'The citizen arrived: start serving', api.emptyBody, api.ticketResponse, (c) =>
    c.services.counters.start(c.actor, c.counterId, c.key),
  ),
  counterRoute('complete', 'Finish serving, with the outcome', api.completeBody, api.ticketResponse, (c) =>
    c.services.counters.complete(c.actor, c.counterId, c.body, c.key),
  ),
  counterRoute('no-show', 'The called citizen did not come (or a parked one, by ticketId)', api.noShowBody, api.ticketResponse, (c) =>
    c.services.counters.noShow(c.actor, c.counterId, c.key, c.body),
  ),
  counterRoute('transfer', 'Send the ticket to another service or counter', api.transferBody, api.ticketResponse, (c) =>
    c.services.counters.transfer(c.actor, c.counterId, c.body, c.key),
  ),
  counterRoute('park', 'Set the current ticket aside', api.emptyBody, api.ticketResponse, (c) =>
    c.services.counters.park(c.actor, c.counterId, c.key),
  ),
  counterRoute('return', 'Call a parked ticket back to this counter', api.returnBody, api.ticketResponse, (c) =>
    c.services.counters.returnParked(c.actor, c.counterId, c.body.ticketId, c.key),
  ),
  counterRoute(
    'refusals',
    'Ask the duty leader to approve refusing the current ticket (否定报备); the ticket is parked meanwhile',
    gov.refusalBody,
    gov.refusalCreated,
    (c) => c.services.refusals.request(c.actor, c.counterId, c.body, c.key),
    201,
  ),
  counterRoute('open', 'Open the counter', api.emptyBody, api.counterResponse, (c) =>
    c.services.counters.open(c.actor, c.counterId, c.key),
  ),
  counterRoute('pause', 'Pause the counter (reason required)', api.pauseBody, api.counterResponse, (c) =>
    c.services.counters.pause(c.actor, c.counterId, c.body.reason, c.key),
  ),
  counterRoute('resume', 'Resume after a pause', api.emptyBody, api.counterResponse, (c) =>
    c.services.counters.resume(c.actor, c.counterId, c.key),
  ),
  counterRoute('close', 'Close the counter', api.emptyBody, api.counterResponse, (c) =>
    c.services.counters.close(c.actor, c.counterId, c.key),
  ),
  ...governanceRoutes(),
  ...conditionalRoutes,
  ...citizenTicketRoutes,
  ...rectificationRoutes,
  ...appointmentRoutes,
  ...leaderLiveRoutes,
  ...citizenRoutes,
  ...metricsHistoryRoutes,
  ...adminRoutes,
];

function governanceRoutes(): Route[] {
  const tags = ['Governance'];
  return [
    staffRoute({
      method: 'POST',
      path: '/api/v1/refusals/{refusalId}/decision',
      summary: 'Approve or deny a refusal request: a leader of the same hall who did not ask for it',
      tags,
      params: gov.governanceParams.refusal,
      body: gov.decisionBody,
      response: gov.decisionResponse,
      idempotent: true,
      handler: ({ params, body, actor, idempotencyKey, services }) =>
        services.refusals.decide(actor, params.refusalId, body, idempotencyKey),
    }),
    route({
      method: 'POST',
      path: '/api/v1/halls/{hall}/unresolved-cases',
      summary: '办不成事: open a case, as a citizen (ticket token or phone) or as staff for the current ticket',
      tags,
      params: gov.governanceParams.hall,
      body: gov.openCaseBody,
      status: 201,
      response: gov.caseCreated,
      handler: async ({ params, body, services, sessionId }) => {
        const actor = sessionId ? await services.auth.authenticate(sessionId) : null;
        return services.cases.open(params.hall, body, actor);
      },
    }),
    staffRoute({
      method: 'POST',
      path: '/api/v1/unresolved-cases/{caseId}/assign',
      summary: 'Assign a case to a staff member of the hall (leader or admin)',
      tags,
      params: gov.governanceParams.case,
      body: gov.assignCaseBody,
      response: gov.caseResponse,
      idempotent: true,
      handler: ({ params, body, actor, idempotencyKey, services }) =>
        services.cases.assign(actor, params.caseId, body.staffId, idempotencyKey),
    }),
    staffRoute({
      method: 'POST',
      path: '/api/v1/unresolved-cases/{caseId}/close',
      summary: 'Close a case with its outcome and the answer the citizen sees (leader or admin)',
      tags,
      params: gov.governanceParams.case,
      body: gov.closeCaseBody,
      response: gov.caseResponse,
      idempotent: true,
      handler: ({ params, body, actor, idempotencyKey, services }) =>
        services.cases.close(actor, params.caseId, body, idempotencyKey),
    }),
    staffRoute({
      method: 'GET',
      path: '/api/v1/halls/{hall}/duty',
      summary: "The duty leader's board: pending refusals and open cases with their visits' history",
      tags,
      params: gov.governanceParams.hall,
      response: gov.dutyBoard,
      handler: ({ params, actor, services }) => services.dutyBoard(actor, params.hall),
    }),
    staffRoute({
      method: 'GET',
      path: '/api/v1/halls/{hall}/duty-roster',
      summary: 'Who is on duty each day from..to (leaders and admins of the hall)',
      tags,
      params: gov.governanceParams.hall,
      query: gov.rosterQuery,
      response: gov.rosterResponse,
      handler: ({ params, query, actor, services }) => services.dutyRoster.read(actor, params.hall, query.from, query.to),
    }),
    staffRoute({
      method: 'PUT',
      path: '/api/v1/halls/{hall}/duty-roster',
      summary: 'Set (or clear, with staffId null) the leader on duty for some days (admin of the hall)',
      tags,
      params: gov.governanceParams.hall,
      body: gov.rosterBody,
      response: gov.rosterResponse,
      idempotent: true,
      handler: ({ params, body, actor, idempotencyKey, services }) =>
        services.dutyRoster.write(actor, params.hall, body, idempotencyKey),
    }),
  ];
}
