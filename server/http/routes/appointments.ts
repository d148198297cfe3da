import * as appt from '../../contracts/appointments';
import { wrap } from '../route-helpers';
import { type Route, route } from '../router';

const tags = ['Appointments'];

/** 预约 and 办件查询: the citizen's phone and the kiosk; no session, the code or the case number is the key. */
export const appointmentRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/halls/{hall}/slots',
    summary: "A service's appointment slots on a day, with capacity and places remaining",
    tags,
    params: appt.appointmentParams.hall,
    query: appt.slotsQuery,
    response: appt.slotsResponse,
    handler: ({ params, query, services }) => services.appointments.slots(params.hall, query.serviceId, query.date),
  }),
  route({
    method: 'POST',
    path: '/api/v1/halls/{hall}/appointments',
    summary: 'Book a slot with name and phone; answers the confirmation code, name and phone masked',
    tags,
    params: appt.appointmentParams.hall,
    body: appt.bookBody,
    status: 201,
    response: appt.appointmentResponse,
    handler: async ({ params, body, services, client }) => wrap('appointment', await services.appointments.book(params.hall, body, client)),
  }),
  route({
    method: 'GET',
    path: '/api/v1/appointments/{code}',
    summary: 'An appointment by its confirmation code (masked)',
    tags,
    params: appt.appointmentParams.code,
    response: appt.appointmentResponse,
    handler: async ({ params, services, client }) => wrap('appointment', await services.appointments.view(params.code, client.ip)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/appointments/{code}/cancel',
    summary: 'Cancel a booked appointment: the code and the last 4 digits of its phone',
    tags,
    params: appt.appointmentParams.code,
    body: appt.cancelAppointmentBody,
    response: appt.appointmentResponse,
    handler: async ({ params, body, services, client }) =>
      wrap('appointment', await services.appointments.cancel(params.code, body.phoneLast4, client.ip)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/appointments/{code}/check-in',
    summary: 'Check in within the window around the slot: a ticket queued at the slot time (again: the same ticket)',
    tags,
    params: appt.appointmentParams.code,
    body: appt.checkInBody,
    status: 201,
    response: appt.checkInResponse,
    handler: async ({ params, services, client }) => {
      const result = await services.appointments.checkIn(params.code, client);
      if (!result.ok) return result;
      const { again, ...body } = result.data;
      return { status: again ? 200 : 201, body };
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/cases/{caseNo}',
    summary: '办件查询: a case\'s progress by its number and the last 4 digits of its phone (404 for either wrong)',
    tags: ['Cases'],
    params: appt.caseParams,
    query: appt.caseQuery,
    response: appt.caseProgressResponse,
    handler: async ({ params, query, services, client }) => wrap('case', await services.caseLookup.lookup(params.caseNo, query.phoneLast4, client.ip)),
  }),
];
