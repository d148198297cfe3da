import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Per-hall settings; every limit of the hall's rules is a setting, not a constant. */
export interface HallSettings {
  /** One priority ticket after every N normal ones at a counter (0 = priority always first). */
  priorityInterleave: number;
  /** A ticket that has waited this long is called before any other, whatever its class. */
  agingMinutes: number;
  /** When false the services' opening hours are shown but not enforced (demo halls). */
  enforceHours: boolean;
  /**
   * The year's exceptions to the week (set each year from the State Council's notice):
   * `closedDays` (法定节假日, YYYY-MM-DD) have no hours, no slots and are not working days;
   * `workdays` (调休上班) are weekend days worked with the hours of weekday `hoursOf` (1 =
   * Monday, the default) and count as working days.
   */
  calendar: { closedDays: string[]; workdays: Array<{ day: string; hoursOf?: number }> };
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
   * 容缺受理: the longest deadline, in working days, for a service without a promised time
   * limit of its own (services.promised_days). The rule: never beyond the service's time limit.
   */
  conditionalMaxDays: number;
  /** 容缺受理: the citizen's page reminds them this many days before the deadline. */
  conditionalReminderDays: number;
  /** The citizen's page says "快到您了" (with vibration, sound and a notification) at this many ahead or fewer. */
  nearlyAhead: number;
  /**
   * "我需要再等 5 分钟": how many minutes of the service's work the ticket moves back by; the
   * places follow from the service time and the open counters, so the promise holds in time.
   */
  delayMinutes: number;
  /** …never more places than this, so a quick service cannot send a citizen far back. */
  delayMaxPlaces: number;
  /** How many times one visit may ask for more time (once: it is a courtesy, not a second queue). */
  delayLimit: number;
  /** After a no-show the citizen may take a place again within this many minutes (过号重排). */
  rejoinMinutes: number;
  /** How many times one visit may rejoin after a no-show. */
  rejoinLimit: number;
  /**
   * 整改: how long each step of a work order may take, from the moment the step before it
   * was done. Calendar time (the hall has no working-day calendar yet). The rules ask for a
   * bad rating to be checked within a working day and settled within about 15 working days;
   * the defaults add up to that. With independentReview the review must be done by someone
   * other than whoever did the rectify step: supervision by the one supervised is none.
   */
  rectification: RectificationSettings;
  /** 预约: how the hall's time slots are cut, booked, checked in and policed (see AppointmentSettings). */
  appointments: AppointmentSettings;
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
  /**
   * 取号 limits for citizens, null for none. Per phone per local day: a scalper (黄牛) cannot
   * sweep a capped service with one number. Per address per hour: set well above one family's
   * needs, because a carrier NAT or the hall's Wi-Fi puts many phones behind one address; a
   * registered kiosk (device key) is never counted as an address.
   */
  ticketsPerPhonePerDay: number | null;
  ticketsPerIpPerHour: number | null;
  /**
   * What an anonymous citizen may write per hall day, null for no limit: appointments and
   * 办不成事 cases, per phone and per address (a registered kiosk is not an address). One
   * address once booked every place of a day under invented names and phones.
   */
  /**
   * A staff session unused this long (minutes) ends: a counter PC left signed in cannot be
   * used by whoever sits down next. Null: sessions end only after their 12 hours.
   */
  staffIdleMinutes: number | null;
  appointmentsPerPhonePerDay: number | null;
  appointmentsPerIpPerDay: number | null;
  casesPerPhonePerDay: number | null;
  casesPerIpPerDay: number | null;
  /**
   * The hall's published opening hours (a lunch break is the gap between two periods of a
   * day). Services keep hours of their own, which are the ones enforced; a new service
   * created in /admin starts with these.
   */
  openingHours: Array<{ weekdays: number[]; from: string; to: string }>;
  /** Shown at once on every screen of the hall until an admin clears it ("系统故障，暂停取号"). */
  urgentNotice: string | null;
  /**
   * 无声叫号: text "请到 N 号窗口" to a called citizen who left a phone number. Off by default: a
   * hall turns it on once its SMS account, sign name and template are approved and configured.
   */
  smsOnCall: boolean;
  /**
   * Messages to a citizen who left a phone number, each off by default like smsOnCall: "快到您了"
   * when `nearlyAhead` are ahead of them; 过号 with the rejoin deadline; the 容缺 reminder
   * (`conditionalReminderDays` before the deadline) and the overdue notice; the hall's answer to
   * their bad rating. Each needs its template (ALIYUN_SMS_TEMPLATE_*) on the server.
   */
  smsNearlyAhead: boolean;
  smsNoShow: boolean;
  smsConditional: boolean;
  smsRatingAnswer: boolean;
  /**
   * 个人信息保护法 Art. 19: personal data is kept no longer than its purpose needs. Citizens'
   * phones on tickets, contact details in their notes and rating comments are anonymised this
   * many days after the visit (the hall day of the ticket); the visit's figures stay.
   */
  contactRetentionDays: number;
  /**
   * 办不成事 cases, 办件 and appointments keep their phone, name and contact details this many
   * days after they close, then are anonymised. The default, 180 days, outlasts the six months
   * in which a citizen may take the hall to court over the matter (行政诉讼法 Art. 46) and the
   * 60 days of an administrative reconsideration (行政复议法).
   */
  caseRetentionDays: number;
}

export interface RectificationSettings {
  verifyHours: number;
  rectifyDays: number;
  answerDays: number;
  reviewDays: number;
  independentReview: boolean;
}

/**
 * Appointment rules of a hall. Slots follow each service's opening hours; a service's
 * `slot_capacity` overrides `slotCapacity` (0 there means the service takes no appointments).
 */
export interface AppointmentSettings {
  /** Length of one slot in minutes. */
  slotMinutes: number;
  /** How many days ahead booking opens (0 = today only): far enough to plan, short enough to keep slots for those who come. */
  bookingDaysAhead: number;
  /** Appointments per slot when the service sets none. */
  slotCapacity: number;
  /** Check-in opens this many minutes before the slot start… */
  checkInBeforeMinutes: number;
  /** …and closes this many minutes after it; an appointment not checked in by then is a no-show. */
  checkInAfterMinutes: number;
  /** This many no-shows of one phone within `noShowWindowDays` block its booking for `blockDays` (the hall's rule: 3 in 30 days, 30 days). */
  noShowLimit: number;
  noShowWindowDays: number;
  blockDays: number;
}

export const defaultAppointmentSettings: AppointmentSettings = {
  slotMinutes: 30,
  bookingDaysAhead: 7,
  slotCapacity: 4,
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 15,
  noShowLimit: 3,
  noShowWindowDays: 30,
  blockDays: 30,
};

export const defaultHallSettings: HallSettings = {
  priorityInterleave: 3,
  agingMinutes: 45,
  enforceHours: true,
  calendar: { closedDays: [], workdays: [] },
  callTemplate: '请 {number} 号到 {counter} 号窗口办理',
  callRepeat: 2,
  notices: [],
  requireDeviceKey: false,
  caseReplyHours: 24,
  defaultDutyLeader: null,
  conditionalMaxDays: 5,
  conditionalReminderDays: 2,
  nearlyAhead: 3,
  delayMinutes: 5,
  delayMaxPlaces: 5,
  delayLimit: 1,
  rejoinMinutes: 10,
  rejoinLimit: 1,
  rectification: { verifyHours: 24, rectifyDays: 10, answerDays: 2, reviewDays: 5, independentReview: true },
  appointments: defaultAppointmentSettings,
  waitTargetMinutes: 20,
  pauseFlagMinutes: 15,
  idleFlagMinutes: 10,
  badRatingStreak: 2,
  districtHalls: [],
  ticketsPerPhonePerDay: 5,
  ticketsPerIpPerHour: 120,
  staffIdleMinutes: 60,
  appointmentsPerPhonePerDay: 2,
  appointmentsPerIpPerDay: 10,
  casesPerPhonePerDay: 3,
  casesPerIpPerDay: 10,
  openingHours: [],
  urgentNotice: null,
  smsOnCall: false,
  smsNearlyAhead: false,
  smsNoShow: false,
  smsConditional: false,
  smsRatingAnswer: false,
  contactRetentionDays: 30,
  caseRetentionDays: 180,
};

/**
 * A hall's settings with today's defaults for keys added after the row was written
 * (settings are jsonb, so older rows simply lack them).
 */
export function settingsOf(hall: { settings: Partial<HallSettings> }): HallSettings {
  const merged = { ...defaultHallSettings, ...hall.settings };
  // Nested, so a hall that set one deadline keeps the defaults of the others.
  return {
    ...merged,
    rectification: { ...defaultHallSettings.rectification, ...hall.settings.rectification },
    appointments: { ...defaultAppointmentSettings, ...hall.settings.appointments },
    calendar: { ...defaultHallSettings.calendar, ...hall.settings.calendar },
  };
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
