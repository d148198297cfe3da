import * as api from '../../contracts/api';
import * as cond from '../../contracts/conditional';
import { issuedByMe } from '../../contracts/volunteer';
import { staffRoute } from '../route-helpers';
import { type Route, route } from '../router';

const tags = ['Conditional acceptance'];

/** 容缺受理, 办件 progress and the volunteer's numbers. */
export const conditionalRoutes: Route[] = [
  staffRoute({
    method: 'POST',
    path: '/api/v1/counters/{counterId}/conditional-acceptances',
    summary: '容缺受理: accept the ticket in service with missing items, a commitment and a deadline within the promised time limit; completes the visit',
    tags,
    params: api.params.counter,
    body: cond.acceptBody,
    status: 201,
    response: cond.acceptanceResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) => services.conditional.accept(actor, params.counterId, body, idempotencyKey),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/conditional-acceptances',
    summary: "The hall's acceptances still waiting for their items (state=overdue: past the deadline only); staff and leaders of the hall",
    tags,
    params: cond.conditionalParams.hall,
    query: cond.listQuery,
    response: cond.acceptanceList,
    handler: ({ params, query, actor, services }) => services.conditional.list(actor, params.hall, query.state),
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
  staffRoute({
    method: 'POST',
    path: '/api/v1/conditional-acceptances/{acceptanceId}/fulfil',
    summary: 'The missing items arrived: close the acceptance (staff or leader of the hall)',
    tags,
    params: cond.conditionalParams.acceptance,
    body: cond.fulfilBody,
    response: cond.acceptanceResponse,
    idempotent: true,
    handler: ({ params, actor, idempotencyKey, services }) => services.conditional.fulfil(actor, params.acceptanceId, idempotencyKey),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/conditional-acceptances/{acceptanceId}/withdraw',
    summary: 'Withdraw the acceptance, with the reason (staff or leader of the hall)',
    tags,
    params: cond.conditionalParams.acceptance,
    body: cond.withdrawBody,
    response: cond.acceptanceResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) =>
      services.conditional.withdraw(actor, params.acceptanceId, body.reason, idempotencyKey),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/cases/{caseNo}/progress',
    summary: '办件: move a case one step on (accepted → in_review → approved → ready → delivered, or rejected after review); staff or leader of its hall',
    tags: ['Cases'],
    params: cond.conditionalParams.caseNo,
    body: cond.progressBody,
    response: cond.caseProgressResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) =>
      services.caseProgress.progress(actor, params.caseNo, body, idempotencyKey),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/me/issued-tickets',
    summary: 'Numbers the signed-in volunteer or staff member took for citizens today, newest first',
    tags: ['Tickets'],
    response: issuedByMe,
    handler: ({ actor, services }) => services.intake.issuedByMe(actor),
  }),
];
