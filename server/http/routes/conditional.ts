import * as api from '../../contracts/api';
import * as cond from '../../contracts/conditional';
import { issuedByMe } from '../../contracts/volunteer';
import type { StaffActor } from '../../services/actors';
import { type Route, route } from '../router';

/** The actor is guaranteed on routes with `auth: true`. */
const signedIn = (actor: StaffActor | null): StaffActor => actor as StaffActor;
const tags = ['Conditional acceptance'];

/** 容缺受理, 办件 progress and the volunteer's numbers. */
export const conditionalRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/api/v1/counters/{counterId}/conditional-acceptances',
    summary: '容缺受理: accept the ticket in service with missing items, a commitment and a deadline within the promised time limit; completes the visit',
    tags,
    params: api.params.counter,
    body: cond.acceptBody,
    status: 201,
    response: cond.acceptanceResponse,
    auth: true,
    idempotent: true,
    handler: async ({ params, body, actor, idempotencyKey, services }) => {
      const result = await services.conditional.accept(signedIn(actor), params.counterId, body, idempotencyKey);
      return result.ok ? { status: 201, body: result.data } : result;
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/conditional-acceptances',
    summary: "The hall's acceptances still waiting for their items (state=overdue: past the deadline only); staff and leaders of the hall",
    tags,
    params: cond.conditionalParams.hall,
    query: cond.listQuery,
    response: cond.acceptanceList,
    auth: true,
    handler: ({ params, query, actor, services }) => services.conditional.list(signedIn(actor), params.hall, query.state),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tickets/{token}/conditional-acceptances/{acceptanceId}/confirm',
    summary: "The citizen confirms their commitment to bring the missing items, on their ticket's page",
    tags,
    params: cond.conditionalParams.ticketAcceptance,
    body: api.emptyBody,
    response: cond.confirmResponse,
    handler: ({ params, services }) => services.conditional.confirm(params.token, params.acceptanceId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/conditional-acceptances/{acceptanceId}/fulfil',
    summary: 'The missing items arrived: close the acceptance (staff or leader of the hall)',
    tags,
    params: cond.conditionalParams.acceptance,
    body: cond.fulfilBody,
    response: cond.acceptanceResponse,
    auth: true,
    idempotent: true,
    handler: ({ params, actor, idempotencyKey, services }) => services.conditional.fulfil(signedIn(actor), params.acceptanceId, idempotencyKey),
  }),
  route({
    method: 'POST',
    path: '/api/v1/conditional-acceptances/{acceptanceId}/withdraw',
    summary: 'Withdraw the acceptance, with the reason (staff or leader of the hall)',
    tags,
    params: cond.conditionalParams.acceptance,
    body: cond.withdrawBody,
    response: cond.acceptanceResponse,
    auth: true,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) =>
      services.conditional.withdraw(signedIn(actor), params.acceptanceId, body.reason, idempotencyKey),
  }),
  route({
    method: 'POST',
    path: '/api/v1/cases/{caseNo}/progress',
    summary: '办件: move a case one step on (accepted → in_review → approved → ready → delivered, or rejected after review); staff or leader of its hall',
    tags: ['Cases'],
    params: cond.conditionalParams.caseNo,
    body: cond.progressBody,
    response: cond.caseProgressResponse,
    auth: true,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) =>
      services.caseProgress.progress(signedIn(actor), params.caseNo, body, idempotencyKey),
  }),
  route({
    method: 'GET',
    path: '/api/v1/me/issued-tickets',
    summary: 'Numbers the signed-in volunteer or staff member took for citizens today, newest first',
    tags: ['Tickets'],
    response: issuedByMe,
    auth: true,
    handler: ({ actor, services }) => services.intake.issuedByMe(signedIn(actor)),
  }),
];
