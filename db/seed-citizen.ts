import { and, eq } from 'drizzle-orm';
import type { Tx } from './client';
import { halls, services } from './schema';

/**
 * The demo halls' 秒批 links and promised time limits (承诺时限, working days), read from
 * their guides. The links are placeholders (example.org) for the province's online hall (海易办); a deployment sets
 * each service's own.
 */
const demo: Record<string, Record<string, { onlineUrl?: string; promisedDays?: number }>> = {
  qiongshan: {
    A: { promisedDays: 1 },
    B: { promisedDays: 3 },
    C: { promisedDays: 3 },
    D: { promisedDays: 15 },
    E: { promisedDays: 10 },
    F: { onlineUrl: 'https://online-hall.example.org/miaopi/rental-filing', promisedDays: 0 },
    G: { onlineUrl: 'https://online-hall.example.org/miaopi/senior-card', promisedDays: 0 },
    H: { promisedDays: 5 },
    J: { promisedDays: 3 },
    L: { promisedDays: 1 },
  },
  dayuan: {
    A: { promisedDays: 5 },
    B: { onlineUrl: 'https://online-hall.example.org/miaopi/senior-card', promisedDays: 0 },
    C: { promisedDays: 5 },
  },
};

export async function seedCitizenDemo(tx: Tx): Promise<void> {
  for (const [slug, byPrefix] of Object.entries(demo)) {
    const [hall] = await tx.select({ id: halls.id }).from(halls).where(eq(halls.slug, slug));
    if (!hall) continue;
    for (const [prefix, values] of Object.entries(byPrefix)) {
      await tx
        .update(services)
        .set({ onlineUrl: values.onlineUrl ?? null, promisedDays: values.promisedDays ?? null })
        .where(and(eq(services.hallId, hall.id), eq(services.prefix, prefix)));
    }
  }
}
