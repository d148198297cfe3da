import * as gov from '../../contracts/governance';
import { staffRoute } from '../route-helpers';
import { type Route, route } from '../router';

const tags = ['Governance'];

/** 否定报备 decisions, 办不成事 cases, the duty board and the duty roster. */
export const governanceRoutes: Route[] = [
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
    handler: async ({ params, body, services, sessionId, client }) => {
      const actor = sessionId ? await services.auth.authenticate(sessionId) : null;
      return services.cases.open(params.hall, body, actor, client);
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
