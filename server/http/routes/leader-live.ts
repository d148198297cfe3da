import * as api from '../../contracts/api';
import { districtMetrics, liveMetrics } from '../../contracts/leader-live';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

/**
 * The leaders' live figures. A leader or admin sees their own hall and the halls their
 * hall oversees (the hall setting `districtHalls`); everyone else is refused.
 */
export const leaderLiveRoutes: Route[] = [
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/metrics/live',
    summary:
      "A hall's live figures: waiting and estimates per service, waits, handling, served vs last week, counter load, throughput, satisfaction, governance items, red flags, staffing advice and today's out-of-turn calls (leaders and admins of the hall or its district)",
    tags: ['Leaders'],
    params: api.params.hall,
    response: liveMetrics,
    handler: ({ params, actor, services }) => services.liveMetrics.hallMetrics(actor, params.hall),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/metrics/live',
    summary: "The live figures of every hall the signed-in leader or admin may see: their own hall and the halls it oversees",
    tags: ['Leaders'],
    response: districtMetrics,
    handler: ({ actor, services }) => services.liveMetrics.district(actor),
  }),
];
