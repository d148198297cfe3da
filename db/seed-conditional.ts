import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from './client';
import { halls, services } from './schema';

/**
 * The demo services' promised time limits in working days (承诺时限, from their guides),
 * which bound a 容缺受理 deadline. Services not listed promise same-day handling or have
 * no limit of their own; their acceptances take the hall's cap (conditionalMaxDays).
 */
const promisedDays: Record<string, Record<string, number>> = {
  qiongshan: { A: 1, B: 3, C: 3, D: 15, E: 10, J: 5 },
  dayuan: { A: 3, C: 5 },
};

export async function seedPromisedDays(tx: Tx): Promise<void> {
  for (const [slug, byPrefix] of Object.entries(promisedDays)) {
    const [hall] = await tx.select({ id: halls.id }).from(halls).where(eq(halls.slug, slug));
    if (!hall) continue;
    for (const [prefix, days] of Object.entries(byPrefix)) {
      await tx
        .update(services)
        .set({ promisedDays: days })
        .where(and(eq(services.hallId, hall.id), inArray(services.prefix, [prefix])));
    }
  }
}
