import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { commands } from '../../db/schema';
import type { Channel } from '../contracts/api';

/**
 * 取号 with an `Idempotency-Key`. Staff commands are keyed per member of staff; a citizen has no
 * account, so a citizen's number is keyed per hall and channel (`kiosk:<hall>`, `phone:<hall>`,
 * the command's actor), and a number taken by a volunteer or clerk per that person
 * (`staff:<id>`). The answer carries the ticket's token, so an anonymous key must be a real
 * nonce that nobody else can guess: at least `minAnonymousKeyLength` characters (the pages send
 * a random UUID per tap).
 */
export const minAnonymousKeyLength = 16;

export function intakeActor(channel: Channel, hallId: string): string {
  return `${channel}:${hallId}`;
}

/**
 * Whether an issue under this key has committed already: a retry then goes straight to the
 * command, which answers it from the stored answer (or refuses a reused key with another
 * request), before any limit is counted, so a phone retrying a lost answer is never refused
 * for the number it already has.
 */
export async function issuedUnderKey(db: Db, actor: string, key: string): Promise<boolean> {
  const [row] = await db
    .select({ status: commands.status })
    .from(commands)
    .where(and(eq(commands.actor, actor), eq(commands.key, key)));
  return row !== undefined && row.status !== null;
}
