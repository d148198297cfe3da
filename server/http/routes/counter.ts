import type { z } from 'zod';
import * as api from '../../contracts/api';
import * as gov from '../../contracts/governance';
import type { Services } from '../../services';
import type { StaffActor } from '../../services/actors';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

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

/** The counter console: the counter's state and its commands, each for the clerk of that counter. */
export const counterRoutes: Route[] = [
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
];
