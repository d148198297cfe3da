import * as pd from '../../contracts/personal-data';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

/** 查看完整号码: the audited read of a citizen's whole phone number. */
export const personalDataRoutes: Route[] = [
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/personal-data/reveal',
    summary:
      "A citizen's full phone on a work order, 办不成事 case, 容缺 acceptance or appointment, for the staff who handle it, with a reason; each read is recorded in the hall's audit",
    tags: ['Personal data'],
    params: pd.revealParams,
    body: pd.revealBody,
    response: pd.revealResponse,
    handler: ({ params, body, actor, client, services }) => services.personalData.reveal(actor, params.hall, body, client.ip),
  }),
];
