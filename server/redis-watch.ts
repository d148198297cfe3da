import type { Redis } from 'ioredis';
import { log } from './log';

/**
 * Redis is optional (README, "Failing fast"): while it is away, pushes between processes wait
 * and the rate limits count in memory. Its client says so once per outage, not once per retry,
 * and without a listener ioredis would print every failed reconnection as unhandled.
 */
export function watchRedis(client: Redis, role: string): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn({ role, err: error.message }, 'redis unreachable: going on without it');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ role }, 'redis is back');
  });
}
