import type { Services } from '.';

/**
 * Records no-shows once a minute: an appointment not checked in when its window closes; and
 * queues the 容缺 reminders and overdue notices that came due (halls that text them).
 * Reads mark them too (lazily, per hall), so the sweep only keeps the record current for
 * the screens and reports that nobody opens; a failed round is logged and the next one
 * tries again.
 */
export function startAppointmentSweep(services: Services, everyMs = 60_000): NodeJS.Timeout {
  const timer = setInterval(() => {
    services.appointments.sweepNoShows().catch((error: unknown) => console.error('appointment sweep failed', error));
    services.conditionalReminders.sweep().catch((error: unknown) => console.error('conditional reminder sweep failed', error));
  }, everyMs);
  timer.unref();
  return timer;
}
