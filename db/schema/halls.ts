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
  /** How many times the hall TV speaks each call (a recall is a new call). */
  callRepeat: number;
  /** Notices that scroll along the bottom of the hall TV, in order. */
  notices: string[];
  /**
   * Hall screens must present a device key an admin issued. Off by default so a new hall
   * can put a TV up before anyone has issued keys; demo halls never require one.
   */
  requireDeviceKey: boolean;
  /** 办不成事: hours within which a case must be answered (the rule says one working day). */
  caseReplyHours: number;
  /**
   * The leader on duty on a day with no roster entry, by username; null for none. A hall
   * names its usual leader once instead of filling the roster for every day ahead.
   */
  defaultDutyLeader: string | null;
  /**
   * Leaders' screen: the wait (minutes, the estimate for a newcomer) a service should stay
   * under. Crossing it raises a red flag and asks for staffing advice.
   */
  waitTargetMinutes: number;
  /** A counter paused longer than this (minutes) shows on the red-flag wall. */
  pauseFlagMinutes: number;
  /** An open counter idle this long (minutes) while its services have people waiting is flagged. */
  idleFlagMinutes: number;
  /** This many bad ratings (不满意/非常不满意) in a row at one counter today raise a flag. */
  badRatingStreak: number;
  /**
   * Slugs of other halls (community stations) whose live figures this hall's leaders and
   * admins also see: a district centre oversees its stations. Staff rows name one hall only.
   */
  districtHalls: string[];
}

export const defaultHallSettings: HallSettings = {
  priorityInterleave: 3,
  agingMinutes: 45,
  enforceHours: true,
  callTemplate: '请 {number} 号到 {counter} 号窗口办理',
  callRepeat: 2,
  notices: [],
  requireDeviceKey: false,
  caseReplyHours: 24,
  defaultDutyLeader: null,
  waitTargetMinutes: 20,
  pauseFlagMinutes: 15,
  idleFlagMinutes: 10,
  badRatingStreak: 2,
  districtHalls: [],
};

/**
 * A hall's settings with today's defaults for keys added after the row was written
 * (settings are jsonb, so older rows simply lack them).
 */
export function settingsOf(hall: { settings: Partial<HallSettings> }): HallSettings {
  return { ...defaultHallSettings, ...hall.settings };
}

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
