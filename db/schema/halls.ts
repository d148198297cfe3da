import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Per-hall settings; every limit of the hall's rules is a setting, not a constant. */
export interface HallSettings {
  /** One priority ticket after every N normal ones at a counter (0 = priority always first). */
  priorityInterleave: number;
  /** A ticket that has waited this long is called before any other, whatever its class. */
  agingMinutes: number;
  /** When false the services' opening hours are shown but not enforced (demo halls). */
  enforceHours: boolean;
  /** Spoken and shown when a ticket is called; {number} and {counter} are replaced. */
  callTemplate: string;
}

export const defaultHallSettings: HallSettings = {
  priorityInterleave: 3,
  agingMinutes: 45,
  enforceHours: true,
  callTemplate: '请 {number} 号到 {counter} 号窗口办理',
};

export const halls = pgTable('halls', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  address: text('address').notNull().default(''),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  settings: jsonb('settings').$type<HallSettings>().notNull(),
  /** Last value of the hall's gapless event sequence; bumped in the same transaction that appends events. */
  eventSeq: integer('event_seq').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
