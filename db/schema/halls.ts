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
   * 取号 limits for citizens, null for none. Per phone per local day: a scalper (黄牛) cannot
   * sweep a capped service with one number. Per address per hour: set well above one family's
   * needs, because a carrier NAT or the hall's Wi-Fi puts many phones behind one address; a
   * registered kiosk (device key) is never counted as an address.
   */
  ticketsPerPhonePerDay: number | null;
  ticketsPerIpPerHour: number | null;
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
  ticketsPerPhonePerDay: 5,
  ticketsPerIpPerHour: 120,
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
