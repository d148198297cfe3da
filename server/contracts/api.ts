import { z } from 'zod';
import { caseNo, hallRef, publicToken, uuid } from './common';
import { citizenConditional } from './conditional';
import { citizenMoves } from './citizen-ticket';
import { citizenCase, citizenNotice } from './governance';
import { ratingFollowUp, ratingReply } from './rating-reply';

export const priorityClass = z.enum(['normal', 'elderly', 'disabled', 'pregnant', 'green_channel', 'appointment']);
export const channel = z.enum(['kiosk', 'phone', 'staff', 'volunteer', 'appointment']);
export const ticketStatus = z.enum([
  'waiting',
  'called',
  'serving',
  'completed',
  'no_show',
  'transferred',
  'parked',
  'cancelled',
]);
export const counterStatus = z.enum(['open', 'paused', 'closed']);
/**
 * 'refused' is set only by an approved refusal request (否定报备), and 'conditional' only by a
 * 容缺受理 acceptance, never by completing.
 */
export const outcome = z.enum(['handled', 'accepted', 'consulted', 'redirected', 'refused', 'conditional']);
export const mobilePhone = z.string().regex(/^1[3-9]\d{9}$/, '11-digit mainland mobile number');

export const etaMinutes = z.object({ low: z.number().int().min(0), high: z.number().int().min(0) }).meta({ id: 'Eta' });
export const etaReason = z.enum([
  'no_open_counter',
  'few_counters_open',
  'counters_paused',
  'long_case_ahead',
  'long_service_times',
  'little_history',
  /** General counters serve other services' earlier tickets first. */
  'shared_counters',
  /** The counters break for lunch before the expected call. */
  'lunch_break',
  /** The expected call falls after closing time (those who came before closing are still served). */
  'closing_time',
]);
export type EtaReason = z.infer<typeof etaReason>;

export const hallSummary = z.object({ id: uuid, slug: z.string(), name: z.string() }).meta({ id: 'HallSummary' });
export const hallList = z.object({ halls: z.array(hallSummary) });

export const serviceGuide = z.object({
  materials: z.array(z.string()),
  conditions: z.array(z.string()),
  timeLimit: z.string(),
  fees: z.string(),
  notes: z.string().optional(),
});

export const openingPeriod = z.object({
  weekdays: z.array(z.number().int().min(1).max(7)),
  from: z.string(),
  to: z.string(),
});

export const serviceView = z
  .object({
    id: uuid,
    name: z.string(),
    prefix: z.string(),
    kind: z.enum(['normal', 'unresolved_matter', 'consultation']),
    waiting: z.number().int(),
    etaMinutes,
    instantApproval: z.boolean(),
    guide: serviceGuide,
    dailyCap: z.number().int().nullable(),
    openingHours: z.array(openingPeriod),
    openNow: z.boolean(),
  })
  .meta({ id: 'Service' });

export const counterView = z
  .object({
    id: uuid,
    number: z.number().int(),
    name: z.string(),
    kind: z.enum(['general', 'dedicated', 'unresolved_matter']),
    status: counterStatus,
    pauseReason: z.string().nullable(),
    serviceIds: z.array(uuid),
    serving: z.object({ number: z.string(), status: z.enum(['called', 'serving']) }).nullable(),
  })
  .meta({ id: 'Counter' });

export const hallDetail = z
  .object({
    id: uuid,
    slug: z.string(),
    name: z.string(),
    address: z.string(),
    services: z.array(serviceView),
    counters: z.array(counterView),
    /** The hall texts "请到 N 号窗口" to a citizen who left a phone (叫号短信 on, and the server has the SMS account and its template): what the phone field may promise. */
    textsOnCall: z.boolean().optional(),
    /** Days after the visit before a phone left on a ticket is anonymised (the hall's contactRetentionDays). */
    contactRetentionDays: z.number().int().optional(),
  })
  .meta({ id: 'Hall' });

export const issueTicketBody = z
  .object({
    serviceId: uuid,
    channel: z.enum(['kiosk', 'phone']).optional(),
    phone: mobilePhone.optional(),
    /**
     * Anything but normal only for signed-in staff or volunteers of the hall (403 otherwise);
     * their tickets get the channel 'staff' or 'volunteer'. Appointments get theirs at check-in.
     */
    priorityClass: priorityClass.exclude(['appointment']).optional(),
  })
  .strict();

export const issuedTicket = z
  .object({
    id: uuid,
    number: z.string(),
    serviceId: uuid,
    status: ticketStatus,
    position: z.number().int().nullable(),
    etaMinutes,
    token: publicToken,
    url: z.string(),
  })
  .meta({ id: 'IssuedTicket' });
export const issueTicketResponse = z.object({ ticket: issuedTicket });

/** The citizen's own view of their ticket: numbers and counters only, never personal data. */
export const ticketView = z
  .object({
    number: z.string(),
    status: ticketStatus,
    position: z.number().int().nullable(),
    etaMinutes: etaMinutes.nullable(),
    etaReasons: z.array(etaReason),
    counterNumber: z.number().int().nullable(),
    counterName: z.string().nullable(),
    serviceId: uuid,
    serviceName: z.string(),
    hall: hallSummary,
    issuedAt: z.string(),
    calledAt: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    rated: z.boolean(),
    /** The one-time notice of an approved refusal (否定报备); null otherwise. */
    notice: citizenNotice.nullable().optional(),
    /** The visit's 办不成事 cases, with the hall's answer once closed. */
    cases: z.array(citizenCase).optional(),
    /** The visit's 容缺受理 acceptances: what is missing, by when, reminders and overdue state. */
    conditional: z.array(citizenConditional).optional(),
    /** What the citizen may do now ("more time", "rejoin") and when the page says "快到您了". */
    moves: citizenMoves.optional(),
    /** The hall's answer to the visit's bad rating (整改), once its work order reached that step. */
    ratingReply: ratingReply.nullable().optional(),
    /** A bad rating's 整改 work order, open and not yet answered: when the answer is due. */
    ratingFollowUp: ratingFollowUp.nullable().optional(),
    /**
     * The version of the visit's current ticket (it grows with each change of that ticket; a
     * transfer starts a new ticket, with a new number). The /ticket heartbeat carries the same
     * pair, so a phone that missed a push finds out and reads its view again.
     */
    version: z.number().int().optional(),
  })
  .meta({ id: 'TicketView' });
export const ticketViewResponse = z.object({ ticket: ticketView });

export const ratingLevel = z.enum(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']);
export const ratingBody = z
  .object({
    level: ratingLevel,
    efficiency: z.number().int().min(1).max(5).optional(),
    serviceLevel: z.number().int().min(1).max(5).optional(),
    attitude: z.number().int().min(1).max(5).optional(),
    comment: z.string().max(500).optional(),
  })
  .strict();
export const ratingResponse = z.object({ rating: z.object({ level: ratingLevel, at: z.string() }) });

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
/**
 * A staff page to come back to after single sign-on: a path of our own staff pages only,
 * never a URL, so the sign-in cannot be used to redirect anyone elsewhere.
 */
export const staffPagePath = z
  .string()
  .max(200)
  .regex(/^\/(admin|leader|duty|counter|volunteer|inspect|account|print)(\/[A-Za-z0-9_-]+)*$/, 'a staff page path');
export const oidcStartQuery = z.object({ next: staffPagePath.optional() });
/**
 * What the OpenID provider sends the browser back with: a code and the state, or an error
 * (RFC 6749 4.1.2); `iss` per RFC 9207. Other parameters a provider adds are ignored.
 */
export const oidcCallbackQuery = z
  .object({
    code: z.string().min(1).max(2048).optional(),
    state: z.string().min(1).max(512).optional(),
    iss: z.string().max(2048).optional(),
    error: z.string().min(1).max(256).optional(),
    error_description: z.string().max(2048).optional(),
  })
  .refine((q) => q.code !== undefined || q.error !== undefined, 'either code or error is required')
  .refine((q) => q.state !== undefined || q.error !== undefined, 'state is required with code');
export const staffRole = z.enum(['staff', 'leader', 'admin', 'volunteer', 'inspector']);
export const me = z
  .object({
    id: uuid,
    username: z.string(),
    displayName: z.string(),
    role: staffRole,
    /** Null only for a district admin, who is bound to no hall and works in /admin (GET /api/v1/admin/me). */
    hall: hallSummary.nullable(),
    counterId: uuid.nullable(),
  })
  .meta({ id: 'Me' });
export const meResponse = z.object({ me });

/** A ticket as counter staff see it: the phone stays masked here too. */
export const staffTicket = z
  .object({
    id: uuid,
    number: z.string(),
    serviceId: uuid,
    serviceName: z.string(),
    status: ticketStatus,
    priorityClass,
    channel,
    queuedAt: z.string(),
    issuedAt: z.string(),
    calledAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    recallCount: z.number().int(),
    counterId: uuid.nullable(),
    phoneMasked: z.string().nullable(),
    transferred: z.boolean(),
    /** Staff's note: on a transferred ticket, what the sending counter wrote for the receiving one. */
    note: z.string().nullable(),
  })
  .meta({ id: 'StaffTicket' });
export const ticketResponse = z.object({ ticket: staffTicket.nullable() });

export const queueItem = z.object({
  id: uuid,
  number: z.string(),
  serviceId: uuid,
  serviceName: z.string(),
  priorityClass,
  queuedAt: z.string(),
  lane: z.enum(['aged', 'priority', 'normal']),
});

/** One step of a visit from the events table (the audit trail), in the order it happened. */
export const visitStep = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  counterNumber: z.number().int().nullable(),
});

/**
 * 否定报备 as the requesting counter follows it: pending until the duty leader decides,
 * then the decision with who took it and their comment.
 */
export const counterRefusal = z.object({
  id: uuid,
  ticketId: uuid,
  number: z.string(),
  status: z.enum(['pending', 'approved', 'denied']),
  reason: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

export const counterState = z
  .object({
    counter: counterView,
    current: staffTicket.nullable(),
    parked: z.array(staffTicket),
    queue: z.array(queueItem),
    /** The current ticket's visit, every step in seq order (empty with no current ticket). */
    timeline: z.array(visitStep),
    /** Today's refusal requests from this counter, newest first. */
    refusals: z.array(counterRefusal),
    /**
     * 过号重排: minutes within which a citizen marked no-show may rejoin from their ticket
     * page (the hall's `rejoinMinutes`); null when the hall allows no rejoin. Absent from
     * older servers, where the console promises no rejoin.
     */
    rejoin: z.number().int().positive().nullable().optional(),
  })
  .meta({ id: 'CounterState' });

export const callChosenBody = z.object({ ticketId: uuid, reason: z.string().trim().min(2).max(200) }).strict();
export const completeBody = z
  .object({
    outcome: outcome.exclude(['refused', 'conditional']).optional(),
    note: z.string().max(500).optional(),
    /** 办件: with a case number the visit's application is filed as a case the citizen can follow. */
    caseNo: caseNo.optional(),
  })
  .strict();
export const transferBody = z
  .object({
    serviceId: uuid.optional(),
    counterId: uuid.optional(),
    note: z.string().max(500).optional(),
  })
  .strict()
  .refine((b) => (b.serviceId ? 1 : 0) + (b.counterId ? 1 : 0) === 1, {
    message: 'give exactly one of serviceId or counterId',
  });
export const pauseBody = z.object({ reason: z.string().trim().min(1).max(200) }).strict();
export const returnBody = z.object({ ticketId: uuid }).strict();
export const noShowBody = z.object({ ticketId: uuid.optional() }).strict();
export const emptyBody = z.object({}).strict();

export const counterResponse = z.object({ counter: counterView });

export const displaySnapshot = z
  .object({
    seq: z.number().int(),
    hall: hallSummary,
    counters: z.array(
      z.object({
        id: uuid,
        number: z.number().int(),
        name: z.string(),
        status: counterStatus,
        pauseReason: z.string().nullable(),
        serving: z.object({ number: z.string() }).nullable(),
      }),
    ),
    services: z.array(z.object({ id: uuid, name: z.string(), prefix: z.string(), waiting: z.number().int() })),
    recentCalls: z.array(
      z.object({ seq: z.number().int(), number: z.string(), counterNumber: z.number().int(), at: z.string() }),
    ),
    /** The hall's scrolling notices, in order. */
    notices: z.array(z.string()),
    /** How the hall TV announces a call: the sentence ({number}, {counter}) and how many times. */
    voice: z.object({ template: z.string(), repeat: z.number().int().min(0) }),
    /** An urgent notice every screen of the hall shows at once until an admin clears it. */
    urgentNotice: z.string().nullable().optional(),
  })
  .meta({ id: 'Snapshot' });

export const params = {
  hall: z.object({ hall: hallRef }),
  token: z.object({ token: publicToken }),
  counter: z.object({ counterId: uuid }),
};

/** Hall screens bound to a hall by a device key (the key is shown once, when issued). */
export const displayDeviceBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export const displayDevice = z
  .object({ id: uuid, name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'DisplayDevice' });
export const issuedDisplayDevice = z.object({
  device: displayDevice,
  /** Give it to the screen as its handshake `deviceKey` (or `?key=` in its address); only a hash is kept. */
  key: z.string(),
});
export const displayDeviceList = z.object({ devices: z.array(displayDevice) });
export const displayDeviceParams = z.object({ hall: hallRef, deviceId: uuid });

export type IssueTicketBody = z.infer<typeof issueTicketBody>;
export type TicketView = z.infer<typeof ticketView>;
export type StaffTicket = z.infer<typeof staffTicket>;
export type CounterView = z.infer<typeof counterView>;
export type CounterState = z.infer<typeof counterState>;
export type CounterRefusal = z.infer<typeof counterRefusal>;
export type VisitStep = z.infer<typeof visitStep>;
export type HallDetail = z.infer<typeof hallDetail>;
export type HallSummary = z.infer<typeof hallSummary>;
export type DisplaySnapshot = z.infer<typeof displaySnapshot>;
export type DisplayDevice = z.infer<typeof displayDevice>;
export type Me = z.infer<typeof me>;
export type RatingBody = z.infer<typeof ratingBody>;
export type TransferBody = z.infer<typeof transferBody>;
export type Channel = z.infer<typeof channel>;
