/**
 * How every client (hall TVs, counters, leaders' screens, the phone's ticket page) reconnects
 * after the server went away: the first attempt after 250–750 ms, later ones doubling up to
 * 2 s, each with ±50 % jitter. So a screen is back about a second after its server, and the
 * hall's thousands of phones spread their returns instead of arriving in one instant. The
 * ticket page keeps its own copy of these figures (its script is self-contained); a unit test
 * holds both to these bounds.
 */
export const reconnectOptions = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 2_000,
  randomizationFactor: 0.5,
} as const;

/**
 * Socket.IO never retries a handshake the server refused. One refused as UNAVAILABLE (the
 * database failed while admitting it: an outage, a killed backend) is tried again like a
 * reconnect, 0.5–1.5 s later, so the screen is back with the database; any other refusal (a
 * revoked key, a ticket not found) only slowly, or never. The ticket page keeps its own copy.
 */
export function refusedRetryMs(error: unknown, otherwise: number | null): number | null {
  const code = (error as { data?: { code?: unknown } } | null)?.data?.code;
  return code === 'UNAVAILABLE' ? 500 + Math.random() * 1_000 : otherwise;
}
