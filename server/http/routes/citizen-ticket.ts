import * as api from '../../contracts/api';
import { delayResponse, rejoinResponse } from '../../contracts/citizen-ticket-commands';
import { type Route, route } from '../router';

const tags = ['Tickets'];

/**
 * The citizen's own moves on their ticket (the token is the only credential, as for cancel
 * and rating). Both accept an Idempotency-Key, so a double tap on a slow network acts once.
 */
export const citizenTicketRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/api/v1/tickets/{token}/delay',
    summary: '"I need 5 more minutes": move a waiting ticket back a few places (hall settings), once',
    tags,
    params: api.params.token,
    body: api.emptyBody,
    response: delayResponse,
    idempotent: true,
    handler: ({ params, idempotencyKey, services }) => services.citizenTickets.delay(params.token, idempotencyKey),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tickets/{token}/rejoin',
    summary: 'Take a place again after a no-show, at the end of the queue, within the hall window, once',
    tags,
    params: api.params.token,
    body: api.emptyBody,
    response: rejoinResponse,
    idempotent: true,
    handler: ({ params, idempotencyKey, services }) => services.citizenTickets.rejoin(params.token, idempotencyKey),
  }),
];
