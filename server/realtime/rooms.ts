/** Room names, one place: a socket only ever joins rooms derived from its own authorisation. */
export const rooms = {
  hall: (hallId: string) => `hall:${hallId}`,
  visit: (rootTicketId: string) => `visit:${rootTicketId}`,
  service: (serviceId: string) => `service:${serviceId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  device: (deviceId: string) => `device:${deviceId}`,
  /** Volunteers on /staff: in the hall's room for counts and snapshots, but given events only as the public screens see them. */
  publicStaff: (hallId: string) => `public-staff:${hallId}`,
  /** Leaders watching a hall's live figures (leader-metrics.ts). */
  metrics: (hallId: string) => `metrics:${hallId}`,
};
