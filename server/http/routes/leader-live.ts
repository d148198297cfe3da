import * as api from '../../contracts/api';
import { districtMetrics, liveMetrics } from '../../contracts/leader-live';
import type { StaffActor } from '../../services/actors';
import { type Route, route } from '../router';

const signedIn = (actor: StaffActor | null): StaffActor => actor as StaffActor;

/**
 * The leaders' live figures. A leader or admin sees their own hall and the halls their
 * hall oversees (the hall setting `districtHalls`); everyone else is refused.
 */
export const leaderLiveRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/metrics/live',
    summary:
      "A hall's live figures: waiting and estimates per service, waits, handling, served vs last week, counter load, throughput, satisfaction, governance items, red flags, staffing advice and today's out-of-turn calls (leaders and admins of the hall or its district)",
    tags: ['Leaders'],
    params: api.params.hall,
    response: liveMetrics,
    auth: true,
    handler: ({ params, actor, services }) => services.liveMetrics.hallMetrics(signedIn(actor), params.hall),
  }),
  route({
    method: 'GET',
    path: '/api/v1/metrics/live',
    summary: "The live figures of every hall the signed-in leader or admin may see: their own hall and the halls it oversees",
    tags: ['Leaders'],
    response: districtMetrics,
    auth: true,
    handler: ({ actor, services }) => services.liveMetrics.district(signedIn(actor)),
  }),
];
