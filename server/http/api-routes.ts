import { appointmentRoutes } from './routes/appointments';
import { appointmentsTodayRoutes } from './routes/appointments-today';
import { authRoutes } from './routes/auth';
import { oidcRoutes } from './routes/oidc';
import { citizenRoutes } from './routes/citizen';
import { citizenTicketRoutes } from './routes/citizen-ticket';
import { conditionalRoutes } from './routes/conditional';
import { counterRoutes } from './routes/counter';
import { governanceRoutes } from './routes/governance';
import { hallRoutes } from './routes/halls';
import { leaderLiveRoutes } from './routes/leader-live';
import { metricsHistoryRoutes } from './routes/metrics-history';
import { personalDataRoutes } from './routes/personal-data';
import { rectificationRoutes } from './routes/rectification';
import { ticketRoutes } from './routes/tickets';
import { adminRoutes } from './routes/admin';
import type { Route } from './router';

/**
 * Every route of the JSON API, in the order the OpenAPI document lists them (the order of
 * this list is the order of its paths).
 */
export const apiRoutes: Route[] = [
  ...hallRoutes,
  ...ticketRoutes,
  ...authRoutes,
  ...oidcRoutes,
  ...counterRoutes,
  ...governanceRoutes,
  ...conditionalRoutes,
  ...citizenTicketRoutes,
  ...rectificationRoutes,
  ...appointmentRoutes,
  ...appointmentsTodayRoutes,
  ...leaderLiveRoutes,
  ...citizenRoutes,
  ...metricsHistoryRoutes,
  ...personalDataRoutes,
  ...adminRoutes,
];
