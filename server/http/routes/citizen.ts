import * as api from '../../contracts/api';
import { findTicketsBody, findTicketsResponse, hallHome, hallWaits } from '../../contracts/citizen';
import { type Route, route } from '../router';

/** The citizen's hall home (指尖上的政务中心) and the live waits its page and the kiosk poll. */
export const citizenRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/home',
    summary: "The hall's home for citizens: services with guides, live waits, 秒批 links, hours, notices",
    tags: ['Citizen'],
    params: api.params.hall,
    response: hallHome,
    handler: ({ params, services }) => services.hallHome.home(params.hall),
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/waits',
    summary: 'Waiting count, wait range and whether numbers can be taken now, per service',
    tags: ['Citizen'],
    params: api.params.hall,
    response: hallWaits,
    handler: ({ params, services }) => services.hallHome.waits(params.hall),
  }),
  route({
    method: 'POST',
    path: '/api/v1/halls/{hall}/tickets/find',
    summary: "找回排队号: today's tickets taken with a phone at this hall, given the phone and one of their numbers (404 for either wrong; misses count per address and phone, 429 past 10)",
    tags: ['Citizen'],
    params: api.params.hall,
    body: findTicketsBody,
    response: findTicketsResponse,
    handler: ({ params, body, services, client }) => services.ticketFinder.find(params.hall, body, client.ip),
  }),
];
