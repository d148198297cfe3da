/** Room names, one place: a socket only ever joins rooms derived from its own authorisation. */
export const rooms = {
  hall: (hallId: string) => `hall:${hallId}`,
  visit: (rootTicketId: string) => `visit:${rootTicketId}`,
  service: (serviceId: string) => `service:${serviceId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  device: (deviceId: string) => `device:${deviceId}`,
  /** Leaders watching a hall's live figures (leader-metrics.ts). */
  metrics: (hallId: string) => `metrics:${hallId}`,
};
