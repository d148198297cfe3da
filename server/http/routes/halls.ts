import { z } from 'zod';
import * as api from '../../contracts/api';
import { staffRoute } from '../route-helpers';
import { type Route, route } from '../router';

/** The halls, what their screens show, and the screens registered to them. */
export const hallRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/halls',
    summary: 'List halls',
    tags: ['Halls'],
    response: api.hallList,
    handler: async ({ services }) => ({ status: 200, body: { halls: await services.halls.list() } }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}',
    summary: 'A hall with its services (waiting, estimated wait, guide) and counters',
    tags: ['Halls'],
    params: api.params.hall,
    response: api.hallDetail,
    handler: ({ params, services }) => services.halls.detail(params.hall),
  }),
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/snapshot',
    summary: 'What the hall screens show, with the event seq it describes',
    tags: ['Halls'],
    params: api.params.hall,
    response: api.displaySnapshot,
    handler: ({ params, services }) => services.halls.snapshot(params.hall),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/display-devices',
    summary: 'Register a hall screen (admin of the hall); the device key is returned this once',
    tags: ['Displays'],
    params: api.params.hall,
    body: api.displayDeviceBody,
    status: 201,
    response: api.issuedDisplayDevice,
    handler: ({ params, body, actor, services }) => services.displayDevices.issue(actor, params.hall, body.name),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/display-devices',
    summary: "The hall's registered screens (admin of the hall); keys are never shown again",
    tags: ['Displays'],
    params: api.params.hall,
    response: api.displayDeviceList,
    handler: ({ params, actor, services }) => services.displayDevices.list(actor, params.hall),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/display-devices/{deviceId}/revoke',
    summary: "Revoke a screen's key (admin of the hall); screens using it are disconnected",
    tags: ['Displays'],
    params: api.displayDeviceParams,
    body: api.emptyBody,
    response: z.object({ device: api.displayDevice }),
    handler: ({ params, actor, services }) => services.displayDevices.revoke(actor, params.hall, params.deviceId),
  }),
];
