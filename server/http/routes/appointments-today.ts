import * as today from '../../contracts/appointments-today';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

const tags = ['Appointments'];

/** Today's 预约 as the hall's staff see them: masked, counted; the citizen's own routes are in appointments.ts. */
export const appointmentsTodayRoutes: Route[] = [
  staffRoute({
    method: 'GET',
    path: '/api/v1/counters/{counterId}/appointments/today',
    summary: "Today's appointments for the services a counter serves: slot, masked name, checked in or not (staff of the hall)",
    tags,
    params: today.appointmentsTodayParams.counter,
    response: today.counterAppointments,
    handler: ({ params, actor, services }) => services.appointmentsToday.forCounter(actor, params.counterId),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/appointments/today',
    summary: "Today's appointment counts per service and slot: booked, checked in, no-shows, cancelled (the hall's leaders and admins)",
    tags,
    params: today.appointmentsTodayParams.hall,
    response: today.hallAppointments,
    handler: ({ params, actor, services }) => services.appointmentsToday.forHall(actor, params.hall),
  }),
];
