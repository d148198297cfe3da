import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { halls } from './schema';

/**
 * The leaders' district: the central hall's leaders (account `leader`) also watch the
 * community station, as a district centre does (HallSettings.districtHalls).
 */
export async function seedLeaderDistrict(db: DbOrTx): Promise<void> {
  await db
    .update(halls)
    .set({ settings: sql`${halls.settings} || ${JSON.stringify({ districtHalls: ['dayuan'] })}::jsonb` })
    .where(eq(halls.slug, 'qiongshan'));
}
