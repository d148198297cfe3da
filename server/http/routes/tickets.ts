import * as api from '../../contracts/api';
import { wrap } from '../route-helpers';
import { type Route, route } from '../router';

/** 取号 and the citizen's ticket: its view, cancel and rating. */
export const ticketRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/api/v1/halls/{hall}/tickets',
    summary:
      'Take a number (rate-limited per phone and per address, a hall device sends its X-Device-Key; a priority class other than normal: signed-in staff or volunteers of the hall only). With an Idempotency-Key every retry gets the same ticket and answer, also after a restart; keys are scoped per hall and channel for citizens (at least 16 characters: send a random UUID per tap) and per person for staff and volunteers',
    tags: ['Tickets'],
    params: api.params.hall,
    body: api.issueTicketBody,
    status: 201,
    response: api.issueTicketResponse,
    idempotent: true,
    handler: async ({ params, body, services, sessionId, client, idempotencyKey }) => {
      // Anonymous as ever, within the citizens' limits; a volunteer's or staff session takes
      // numbers for others (and may add a priority class), so it is not counted as a citizen.
      const actor = sessionId ? await services.auth.authenticate(sessionId) : null;
      const result = actor
        ? await services.intake.issue(params.hall, body, actor, idempotencyKey)
        : await services.citizenIntake.take(params.hall, body, client, idempotencyKey);
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
];
