import type { Logger } from 'pino';

/**
 * What the process does with an error nobody caught.
 *
 * - A rejected promise nobody awaited (a fire-and-forget push, a timer's query during an
 *   outage) is logged and the process goes on: its request has been answered, and every command
 *   is a transaction, so nothing is left half done.
 * - A thrown exception nobody caught means some state may be broken in ways we cannot know:
 *   it is logged as fatal and the process exits, to be restarted by its supervisor. That loses
 *   nothing acknowledged (a command is acknowledged only after its commit) and screens catch up
 *   by seq after reconnecting. The driver fault that used to end up here is mended at load
 *   (server/postgres-guard-hook.mjs).
 */
export function installProcessPolicy(log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error, origin) => {
    log.fatal({ err: error, origin }, 'uncaught exception: exiting');
    exit(1);
  });
}
