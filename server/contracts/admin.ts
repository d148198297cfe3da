import { z } from 'zod';
import { hallRef, uuid } from './common';
import { displayDevice, hallSummary, openingPeriod, serviceGuide, staffRole } from './api';
import { rosterBody, rosterResponse } from './governance';
import { eventTypes } from './realtime';

/**
 * Hall administration (issue 12): the wire contract of /api/v1/admin/… and of
 * POST /api/v1/me/password. Every route answers errors as { error: { code, message,
 * reason?, details? } }; 401 without a session, 403 when the account may not act on that
 * hall (nothing changes then). Who may act:
 *   district admin (role admin, no hall): every hall, and creates halls and district admins;
 *   hall admin (role admin of a hall): their own hall only;
 *   every other role: 403 on every admin route.
 * Every change is written with an admin_audit row and a hall event in one transaction.
 *
 * Routes (hall = slug or id):
 *   GET   /api/v1/admin/me                                      → adminMeResponse
 *   POST  /api/v1/me/password              passwordChangeBody   → okResponse (any signed-in account)
 *   GET   /api/v1/admin/halls                                   → adminHallList (the halls the admin may manage)
 *   POST  /api/v1/admin/halls              hallCreateBody       → 201 adminHallResponse (district admin)
 *   GET   /api/v1/admin/halls/{hall}                            → adminHallResponse
 *   PATCH /api/v1/admin/halls/{hall}       hallUpdateBody       → adminHallResponse
 *   GET   /api/v1/admin/halls/{hall}/settings                   → hallSettingsResponse (value and default of each)
 *   PATCH /api/v1/admin/halls/{hall}/settings  hallSettingsPatch → hallSettingsResponse
 *   GET   /api/v1/admin/halls/{hall}/services                   → adminServiceList (disabled ones too)
 *   POST  /api/v1/admin/halls/{hall}/services  serviceCreateBody → 201 adminServiceResponse
 *   PATCH /api/v1/admin/halls/{hall}/services/{serviceId}  serviceUpdateBody → adminServiceResponse
 *   GET   /api/v1/admin/halls/{hall}/services/export            → serviceCatalogue (JSON)
 *   GET   /api/v1/admin/halls/{hall}/services/export.xlsx       → the same as an Excel sheet (Chinese headers)
 *   POST  /api/v1/admin/halls/{hall}/services/import  serviceImportBody → serviceImportResponse
 *         (all or nothing: a bad row answers 400 VALIDATION, reason IMPORT_ROW, details { row, field });
 *         `dryRun: true` validates only
 *   GET   /api/v1/admin/halls/{hall}/counters                   → adminCounterList
 *   POST  /api/v1/admin/halls/{hall}/counters  counterCreateBody → 201 adminCounterResponse
 *   PATCH /api/v1/admin/halls/{hall}/counters/{counterId}  counterUpdateBody → adminCounterResponse
 *   GET   /api/v1/admin/halls/{hall}/counter-services           → serviceMatrix
 *   PUT   /api/v1/admin/halls/{hall}/counter-services  serviceMatrixBody → serviceMatrix
 *   GET   /api/v1/admin/halls/{hall}/staff                      → adminStaffList
 *   POST  /api/v1/admin/halls/{hall}/staff  staffCreateBody     → 201 adminStaffResponse
 *   PATCH /api/v1/admin/halls/{hall}/staff/{staffId}  staffUpdateBody → adminStaffResponse
 *   POST  /api/v1/admin/halls/{hall}/staff/{staffId}/password  passwordResetBody → okResponse
 *   GET   /api/v1/admin/district-admins                         → adminStaffList (district admin)
 *   POST  /api/v1/admin/district-admins  districtAdminCreateBody → 201 adminStaffResponse (district admin)
 *   GET   /api/v1/admin/halls/{hall}/duty-roster?month=YYYY-MM  → rosterResponse (governance.ts)
 *   PUT   /api/v1/admin/halls/{hall}/duty-roster  rosterBody    → rosterResponse
 *   GET   /api/v1/admin/halls/{hall}/display-devices            → displayDeviceList (api.ts)
 *   POST  /api/v1/admin/halls/{hall}/display-devices  { name }  → 201 issuedDisplayDevice (key shown once)
 *   PATCH /api/v1/admin/halls/{hall}/display-devices/{deviceId}  { name } → { device }
 *   POST  /api/v1/admin/halls/{hall}/display-devices/{deviceId}/revoke → { device }
 *   GET   /api/v1/admin/halls/{hall}/notices                    → noticesResponse
 *   PUT   /api/v1/admin/halls/{hall}/notices  noticesBody       → noticesResponse
 *   PUT   /api/v1/admin/halls/{hall}/urgent-notice  urgentNoticeBody → noticesResponse (text null clears it)
 *   GET   /api/v1/admin/halls/{hall}/audit?from&to&actor&entity → auditResponse
 *   GET   /api/v1/admin/halls/{hall}/audit.csv?from&to&actor&entity → text/csv
 *   GET   /api/v1/admin/halls/{hall}/sign-ins?from&to&username&result → signInResponse
 *   GET   /api/v1/admin/halls/{hall}/sign-ins.csv?from&to&username&result → text/csv
 *
 * Live updates: an admin change appends `config.changed` { entity, id } (services,
 * counters, matrix, hall, settings, notices) and `hall.urgent` { urgentNotice }; after either,
 * the hall's open screens (/display, /staff, /leader) receive a fresh `snapshot`, whose
 * optional `urgentNotice` says what every screen must show until cleared.
 */

export const adminScope = z.enum(['district', 'hall']);
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** One letter A–Z: the ticket number's prefix, unique in the hall. */
export const servicePrefix = z.string().regex(/^[A-Z]$/, 'one capital letter A–Z');
export const hallSlug = z.string().min(2).max(40).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and hyphens');
export const username = z.string().min(2).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -');
/** At least 8 characters: a hall's accounts approve refusals and see personal data. */
export const newPassword = z.string().min(8).max(200);
const day = z.iso.date();

/**
 * Opening periods in the hall's local time. A lunch break (午休) is the gap between two
 * periods of the same weekdays, e.g. 09:00–12:00 and 13:30–17:00.
 */
export const openingHours = z
  .array(openingPeriod.extend({ weekdays: z.array(z.number().int().min(1).max(7)).min(1), from: hhmm, to: hhmm }).strict())
  .max(28)
  .refine((ps) => ps.every((p) => p.from < p.to), { message: 'each period must end after it starts' })
  .refine(
    (ps) =>
      ps.every((a, i) =>
        ps.every((b, j) => j <= i || !a.weekdays.some((d) => b.weekdays.includes(d)) || a.to <= b.from || b.to <= a.from),
      ),
    { message: 'periods of the same weekday must not overlap' },
  );

export const calendar = z
  .object({
    closedDays: z.array(day).max(366),
    workdays: z.array(z.object({ day, hoursOf: z.number().int().min(1).max(5).optional() }).strict()).max(366),
  })
  .strict();

// ── the signed-in account ────────────────────────────────────────────────────

export const adminMe = z
  .object({
    id: uuid,
    username: z.string(),
    displayName: z.string(),
    role: staffRole,
    scope: adminScope,
    /** Null for a district admin. */
    hall: hallSummary.nullable(),
  })
  .meta({ id: 'AdminMe' });
export const adminMeResponse = z.object({ me: adminMe });

export const passwordChangeBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword }).strict();
export const passwordResetBody = z.object({ password: newPassword }).strict();
export const okResponse = z.object({ ok: z.literal(true) });

// ── halls ────────────────────────────────────────────────────────────────────

export const adminHall = z
  .object({
    id: uuid,
    slug: z.string(),
    name: z.string(),
    address: z.string(),
    timeZone: z.string(),
    /** The hall's published hours (午休 = the gap between periods); a new service starts with them. */
    openingHours,
    calendar,
    /** Slugs of the halls (community stations) this hall's leaders and admins also oversee. */
    districtHalls: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminHall' });
export const adminHallResponse = z.object({ hall: adminHall });
export const adminHallList = z.object({ halls: z.array(adminHall) });

const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'an IANA time zone, e.g. Asia/Shanghai');

export const hallCreateBody = z
  .object({
    slug: hallSlug,
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().max(200).default(''),
    timeZone: timeZone.default('Asia/Shanghai'),
    openingHours: openingHours.optional(),
  })
  .strict();
export const hallUpdateBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().max(200),
    timeZone,
    openingHours,
    calendar,
    districtHalls: z.array(hallSlug).max(100),
  })
  .partial()
  .strict();

// ── hall settings ────────────────────────────────────────────────────────────

/**
 * The hall's rules that live in its settings, as named fields. PATCH takes any subset;
 * nested groups (rectification, appointments) may be given in part.
 */
export const hallSettingsFields = z
  .object({
    priorityInterleave: z.number().int().min(0).max(20),
    agingMinutes: z.number().int().min(1).max(600),
    enforceHours: z.boolean(),
    requireDeviceKey: z.boolean(),
    caseReplyHours: z.number().int().min(1).max(24 * 30),
    defaultDutyLeader: username.nullable(),
    conditionalMaxDays: z.number().int().min(1).max(60),
    conditionalReminderDays: z.number().int().min(0).max(30),
    nearlyAhead: z.number().int().min(1).max(20),
    delayMinutes: z.number().int().min(1).max(60),
    delayMaxPlaces: z.number().int().min(1).max(50),
    delayLimit: z.number().int().min(0).max(5),
    rejoinMinutes: z.number().int().min(0).max(120),
    rejoinLimit: z.number().int().min(0).max(5),
    smsOnCall: z.boolean(),
    smsNearlyAhead: z.boolean(),
    smsNoShow: z.boolean(),
    smsConditional: z.boolean(),
    smsRatingAnswer: z.boolean(),
    rectification: z
      .object({
        verifyHours: z.number().int().min(1).max(24 * 30),
        rectifyDays: z.number().int().min(1).max(60),
        answerDays: z.number().int().min(1).max(60),
        reviewDays: z.number().int().min(1).max(60),
        independentReview: z.boolean(),
      })
      .strict(),
    appointments: z
      .object({
        slotMinutes: z.number().int().min(5).max(240),
        bookingDaysAhead: z.number().int().min(0).max(60),
        slotCapacity: z.number().int().min(0).max(500),
        checkInBeforeMinutes: z.number().int().min(0).max(240),
        checkInAfterMinutes: z.number().int().min(0).max(240),
        noShowLimit: z.number().int().min(1).max(50),
        noShowWindowDays: z.number().int().min(1).max(365),
        blockDays: z.number().int().min(0).max(365),
      })
      .strict(),
    waitTargetMinutes: z.number().int().min(1).max(600),
    pauseFlagMinutes: z.number().int().min(1).max(600),
    idleFlagMinutes: z.number().int().min(1).max(600),
    badRatingStreak: z.number().int().min(1).max(50),
    ticketsPerPhonePerDay: z.number().int().min(1).max(1000).nullable(),
    ticketsPerIpPerHour: z.number().int().min(1).max(100000).nullable(),
    staffIdleMinutes: z.number().int().min(5).max(720).nullable(),
    appointmentsPerPhonePerDay: z.number().int().min(1).max(100).nullable(),
    appointmentsPerIpPerDay: z.number().int().min(1).max(10000).nullable(),
    casesPerPhonePerDay: z.number().int().min(1).max(100).nullable(),
    casesPerIpPerDay: z.number().int().min(1).max(10000).nullable(),
    /** Days after the visit before citizens' phones and contact details are anonymised. */
    contactRetentionDays: z.number().int().min(1).max(365),
    /** Days after a case or appointment closes before its personal data is anonymised. */
    caseRetentionDays: z.number().int().min(1).max(3650),
  })
  .strict();
export const hallSettingsPatch = hallSettingsFields
  .extend({
    rectification: hallSettingsFields.shape.rectification.partial(),
    appointments: hallSettingsFields.shape.appointments.partial(),
  })
  .partial()
  .strict();
export const hallSettingsResponse = z
  .object({ settings: hallSettingsFields, defaults: hallSettingsFields })
  .meta({ id: 'AdminHallSettings' });

// ── services ─────────────────────────────────────────────────────────────────

export const serviceKind = z.enum(['normal', 'unresolved_matter', 'consultation']);
export const adminServiceGuide = serviceGuide
  .extend({
    materials: z.array(z.string().trim().min(1).max(200)).max(50),
    conditions: z.array(z.string().trim().min(1).max(200)).max(50),
    /** The legal and promised time limits as the guide states them ("法定20个工作日，承诺5个工作日"). */
    timeLimit: z.string().trim().max(200),
    fees: z.string().trim().max(200),
    notes: z.string().trim().max(1000).optional(),
  })
  .strict();

/**
 * A service as the admin edits it, and one row of an import. Its ordering (priority
 * interleave, aging) and wait target are its own where set; null takes the hall's setting.
 */
export const serviceFields = z
  .object({
    prefix: servicePrefix,
    name: z.string().trim().min(1).max(60),
    kind: serviceKind,
    guide: adminServiceGuide,
    /** Numbers per day; null for no cap. */
    dailyCap: z.number().int().min(1).max(10000).nullable(),
    /** Empty: no hours of its own (always open when the hall enforces none). */
    openingHours,
    /** 秒批: finished online at once; `onlineUrl` is where. */
    instantApproval: z.boolean(),
    onlineUrl: z.url({ protocol: /^https?$/ }).max(500).nullable(),
    /** The promised time limit in working days (承诺时限; 0 for 即办 and 秒批); bounds a 容缺 deadline. */
    promisedDays: z.number().int().min(0).max(365).nullable(),
    /** Appointments per slot; null takes the hall's default, 0 takes none. */
    slotCapacity: z.number().int().min(0).max(500).nullable(),
    typicalServiceMinutes: z.number().int().min(1).max(240),
    /** Normal tickets called before a waiting priority one; null: the hall's `priorityInterleave`. */
    priorityInterleave: z.number().int().min(0).max(20).nullable(),
    /** Minutes after which a ticket goes first whatever its class; null: the hall's `agingMinutes`. */
    agingMinutes: z.number().int().min(1).max(600).nullable(),
    /** The wait the service aims at (red flags, staffing advice); null: the hall's `waitTargetMinutes`. */
    waitTargetMinutes: z.number().int().min(1).max(600).nullable(),
    sortOrder: z.number().int().min(0).max(10000),
  })
  .strict();
export const serviceCreateBody = serviceFields.partial({
  priorityInterleave: true,
  agingMinutes: true,
  waitTargetMinutes: true,
  kind: true,
  guide: true,
  dailyCap: true,
  openingHours: true,
  instantApproval: true,
  onlineUrl: true,
  promisedDays: true,
  slotCapacity: true,
  typicalServiceMinutes: true,
  sortOrder: true,
});
/** `active: false` disables: the service takes no numbers and leaves citizen pages and the TV; its history stays. */
export const serviceUpdateBody = serviceFields.extend({ active: z.boolean() }).partial().strict();
export const adminService = serviceFields
  .extend({ id: uuid, active: z.boolean(), counterIds: z.array(uuid) })
  .meta({ id: 'AdminService' });
export const adminServiceResponse = z.object({ service: adminService });
export const adminServiceList = z.object({ services: z.array(adminService) });

/** The portable catalogue: services with their guides, matched by prefix on import. */
export const serviceCatalogue = z
  .object({
    format: z.literal('hallboard.services'),
    version: z.literal(1),
    hall: z.string(),
    services: z.array(serviceFields.extend({ active: z.boolean() })),
  })
  .meta({ id: 'ServiceCatalogue' });
/** Either `services` (JSON rows) or `xlsxBase64` (the .xlsx as exported, base64), not both. */
export const serviceImportBody = z
  .object({
    /** Rows are checked one by one; the first bad row is named and nothing is written. */
    services: z.array(z.unknown()).min(1).max(200).optional(),
    /** The .xlsx (as exported) encoded as base64. */
    xlsxBase64: z.string().min(1).max(1_000_000).optional(),
    /** Check every row and say what would be created and updated, writing nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict()
  .refine((b) => (b.services === undefined) !== (b.xlsxBase64 === undefined), { message: 'give either services or xlsxBase64' });
export const serviceImportResponse = z.object({
  created: z.array(servicePrefix),
  updated: z.array(servicePrefix),
  dryRun: z.boolean(),
});

// ── counters and the counters × services matrix ──────────────────────────────

export const counterKind = z.enum(['general', 'dedicated', 'unresolved_matter']);
export const counterFields = z
  .object({
    number: z.number().int().min(1).max(999),
    name: z.string().trim().min(1).max(60),
    kind: counterKind,
    /** Paused is the staff's own state (with a reason); an admin opens or closes. */
    status: z.enum(['open', 'closed']),
  })
  .strict();
export const counterCreateBody = counterFields.extend({ serviceIds: z.array(uuid).max(26).optional() }).partial({ kind: true, status: true }).strict();
export const counterUpdateBody = counterFields.partial().strict();
export const adminCounter = z
  .object({
    id: uuid,
    number: z.number().int(),
    name: z.string(),
    kind: counterKind,
    status: z.enum(['open', 'paused', 'closed']),
    serviceIds: z.array(uuid),
  })
  .meta({ id: 'AdminCounter' });
export const adminCounterResponse = z.object({ counter: adminCounter });
export const adminCounterList = z.object({ counters: z.array(adminCounter) });

export const serviceMatrixRow = z.object({ counterId: uuid, serviceIds: z.array(uuid).max(26) }).strict();
/** The whole matrix: each counter of the hall once, with every service it serves. */
export const serviceMatrixBody = z.object({ rows: z.array(serviceMatrixRow).max(200) }).strict();
export const serviceMatrix = z
  .object({
    counters: z.array(z.object({ id: uuid, number: z.number().int(), name: z.string() })),
    services: z.array(z.object({ id: uuid, prefix: z.string(), name: z.string(), active: z.boolean() })),
    rows: z.array(serviceMatrixRow),
  })
  .meta({ id: 'ServiceMatrix' });

// ── staff accounts ───────────────────────────────────────────────────────────

export const adminStaff = z
  .object({
    id: uuid,
    username: z.string(),
    displayName: z.string(),
    role: staffRole,
    /** Null for a district admin. */
    hallId: uuid.nullable(),
    counterId: uuid.nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'AdminStaff' });
export const adminStaffResponse = z.object({ staff: adminStaff });
export const adminStaffList = z.object({ staff: z.array(adminStaff) });
export const staffCreateBody = z
  .object({
    username,
    displayName: z.string().trim().min(1).max(60),
    role: staffRole,
    counterId: uuid.nullable().optional(),
    /** Set by the admin and given to the person; never generated, never a shared default. */
    password: newPassword,
  })
  .strict();
/** `active: false` disables; disabling or a role change ends the account's sessions and sockets. */
export const staffUpdateBody = z
  .object({ displayName: z.string().trim().min(1).max(60), role: staffRole, counterId: uuid.nullable(), active: z.boolean() })
  .partial()
  .strict();
export const districtAdminCreateBody = z
  .object({ username, displayName: z.string().trim().min(1).max(60), password: newPassword })
  .strict();

// ── roster, displays, notices ────────────────────────────────────────────────

export const rosterMonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') }).strict();
export { rosterBody, rosterResponse };
export const displayDeviceRenameBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export const displayDeviceResponse = z.object({ device: displayDevice });

export const noticesBody = z
  .object({
    notices: z.array(z.string().trim().min(1).max(200)).max(20),
    /** Spoken and shown on a call: must contain {number} and {counter}. */
    callTemplate: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((t) => t.includes('{number}') && t.includes('{counter}'), 'must contain {number} and {counter}'),
    callRepeat: z.number().int().min(1).max(5),
  })
  .partial()
  .strict();
export const urgentNoticeBody = z.object({ text: z.string().trim().min(1).max(200).nullable() }).strict();
export const noticesResponse = z
  .object({
    notices: z.array(z.string()),
    callTemplate: z.string(),
    callRepeat: z.number().int(),
    /** Shown at once on every screen of the hall until cleared ("系统故障，暂停取号"). */
    urgentNotice: z.string().nullable(),
  })
  .meta({ id: 'AdminNotices' });

// ── who did what ─────────────────────────────────────────────────────────────

/**
 * `personal_data`: a member of staff read a citizen's full phone (查看完整号码), with the reason in `after`;
 * `retention`: what the retention job anonymised (actor `system`), one row per hall and run.
 */
export const auditEntity = z.enum(['hall', 'settings', 'service', 'counter', 'matrix', 'staff', 'roster', 'display', 'notices', 'personal_data', 'retention', 'webhook']);
export const auditQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** Username of whoever made the change. */
    actor: z.string().max(64).optional(),
    entity: auditEntity.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export const auditEntry = z
  .object({
    id: uuid,
    at: z.string(),
    actor: z.object({ id: uuid.nullable(), username: z.string() }),
    /** The client's address, as the server saw it. */
    ip: z.string(),
    hallId: uuid.nullable(),
    entity: auditEntity,
    entityId: z.string().nullable(),
    action: z.string(),
    /** Before and after the change; personal data (names) masked, passwords never recorded. */
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export const auditResponse = z.object({ entries: z.array(auditEntry) });

/** Sign-ins to the hall's accounts, good and refused (sign_in_attempts), beside the audit. */
export const signInQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** The username as typed. */
    username: z.string().max(64).optional(),
    result: z.enum(['ok', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();
export const signInEntry = z
  .object({
    id: uuid,
    at: z.string(),
    username: z.string(),
    staffId: uuid.nullable(),
    /** The client's address, as the server saw it. */
    address: z.string(),
    ok: z.boolean(),
    /** Why it was refused: WRONG_PASSWORD, INACTIVE, ACCOUNT_LOCKED, SIGN_IN_DELAY, ADDRESS_BLOCKED. */
    reason: z.string().nullable(),
  })
  .meta({ id: 'SignInAttempt' });
export const signInResponse = z.object({ attempts: z.array(signInEntry) });

// ── outbox (messages to citizens' phones and other systems) ──────────────────

/** `cancelled` (added with retention): the phone was anonymised before the message left. */
export const outboxStatus = z.enum(['pending', 'sending', 'sent', 'dead', 'cancelled']);
export const outboxQuery = z.object({ status: outboxStatus.optional() }).strict();
export const outboxMessage = z.object({
  id: uuid,
  channel: z.string(),
  kind: z.string(),
  /** Masked: the admin sees which message failed, not whose number it is. */
  recipient: z.string(),
  status: outboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const outboxResponse = z
  .object({
    counts: z.object({ pending: z.number().int(), sending: z.number().int(), sent: z.number().int(), dead: z.number().int(), cancelled: z.number().int() }),
    /** The newest 100 of the status asked for (all statuses without one). */
    messages: z.array(outboxMessage),
  })
  .meta({ id: 'AdminOutbox' });
export const outboxResendResponse = z.object({ message: outboxMessage }).meta({ id: 'AdminOutboxResend' });

export const adminParams = {
  outboxMessage: z.object({ hall: hallRef, messageId: uuid }),
  hall: z.object({ hall: hallRef }),
  service: z.object({ hall: hallRef, serviceId: uuid }),
  counter: z.object({ hall: hallRef, counterId: uuid }),
  staff: z.object({ hall: hallRef, staffId: uuid }),
  device: z.object({ hall: hallRef, deviceId: uuid }),
};

export type AdminMe = z.infer<typeof adminMe>;
export type OutboxQuery = z.infer<typeof outboxQuery>;
export type OutboxMessageView = z.infer<typeof outboxMessage>;
export type AdminHall = z.infer<typeof adminHall>;
export type HallCreateBody = z.infer<typeof hallCreateBody>;
export type HallUpdateBody = z.infer<typeof hallUpdateBody>;
export type HallSettingsFields = z.infer<typeof hallSettingsFields>;
export type HallSettingsPatch = z.infer<typeof hallSettingsPatch>;
export type ServiceFields = z.infer<typeof serviceFields>;
export type ServiceCreateBody = z.infer<typeof serviceCreateBody>;
export type ServiceUpdateBody = z.infer<typeof serviceUpdateBody>;
export type AdminService = z.infer<typeof adminService>;
export type ServiceCatalogue = z.infer<typeof serviceCatalogue>;
export type ServiceImportBody = z.infer<typeof serviceImportBody>;
export type ServiceImportResponse = z.infer<typeof serviceImportResponse>;
export type AdminCounter = z.infer<typeof adminCounter>;
export type CounterCreateBody = z.infer<typeof counterCreateBody>;
export type CounterUpdateBody = z.infer<typeof counterUpdateBody>;
export type ServiceMatrix = z.infer<typeof serviceMatrix>;
export type ServiceMatrixBody = z.infer<typeof serviceMatrixBody>;
export type AdminStaff = z.infer<typeof adminStaff>;
export type StaffCreateBody = z.infer<typeof staffCreateBody>;
export type StaffUpdateBody = z.infer<typeof staffUpdateBody>;
export type NoticesBody = z.infer<typeof noticesBody>;
export type NoticesResponse = z.infer<typeof noticesResponse>;
export type AuditEntity = z.infer<typeof auditEntity>;
export type AuditEntry = z.infer<typeof auditEntry>;
export type AuditQuery = z.infer<typeof auditQuery>;
export type SignInQuery = z.infer<typeof signInQuery>;
export type SignInEntry = z.infer<typeof signInEntry>;

// ── webhook subscribers (other systems that receive the hall's public events) ──

/** http only for a receiver on this machine (a local relay, a test); anything else must be https. */
function isAllowedWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const webhookUrl = z
  .string()
  .trim()
  .max(500)
  .refine(isAllowedWebhookUrl, { message: 'An https:// URL (http:// only on this machine: localhost, 127.0.0.1, [::1])' });
/** The event types a subscriber wants; null (or omitted when created) means every type. */
export const webhookEventTypes = z.array(z.enum(eventTypes)).min(1).max(eventTypes.length).nullable();
export const webhookCreateBody = z
  .object({ url: webhookUrl, eventTypes: webhookEventTypes.optional(), active: z.boolean().optional() })
  .strict();
export const webhookUpdateBody = z
  .object({ url: webhookUrl.optional(), eventTypes: webhookEventTypes.optional(), active: z.boolean().optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Nothing to change' });
export const webhookSubscriber = z
  .object({
    id: uuid,
    url: z.string(),
    eventTypes: z.array(z.string()).nullable(),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookSubscriber' });
export const webhookList = z.object({ subscribers: z.array(webhookSubscriber) }).meta({ id: 'WebhookSubscriberList' });
export const webhookResponse = z.object({ subscriber: webhookSubscriber }).meta({ id: 'WebhookSubscriberResponse' });
/** The secret is in this answer only: the receiver keeps it to check each signature. */
export const webhookCreated = z.object({ subscriber: webhookSubscriber, secret: z.string() }).meta({ id: 'WebhookSubscriberCreated' });
export const webhookParams = z.object({ hall: hallRef, subscriberId: uuid });

export type WebhookSubscriberView = z.infer<typeof webhookSubscriber>;
export type WebhookCreateBody = z.infer<typeof webhookCreateBody>;
export type WebhookUpdateBody = z.infer<typeof webhookUpdateBody>;
