import { addDays, startOfLocalDay } from './hall-day';
import { localTime } from './hall-time';

/**
 * Retention rules (个人信息保护法 Art. 19: personal data kept no longer than its purpose needs),
 * pure: what counts as contact details in free text, and when a record is due.
 */

/** What replaces contact details in a text that outlives them. */
export const removedContact = '[已删除]';

// Resident ID numbers (18 characters, the last may be X), mainland mobiles, landlines with an
// area code, e-mail addresses, and any other run of seven or more digits (a phone written
// with spaces or dashes, a bank card): the free text a citizen or a clerk types to be called back.
const contactPatterns: RegExp[] = [
  /\d{17}[\dXx]/g,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}/g,
  /0\d{2,3}[\s-]?\d{7,8}/g,
  /\d(?:[\s-]?\d){6,}/g,
];

/** The text with every contact detail replaced; names in free text are not recognised. */
export function scrubContacts(text: string): string {
  return contactPatterns.reduce((out, pattern) => out.replace(pattern, removedContact), text);
}

/**
 * The last hall-local day whose visits are due: a visit on day D keeps its contact details
 * through day D + days − 1 and is anonymised from day D + days on.
 */
export function lastDueVisitDay(today: string, days: number): string {
  return addDays(today, -days);
}

/** Records that closed at or before this instant are due (closing time + days). */
export function closedDueBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60_000);
}

/** What decides how long a citizen's ticket link works. */
export interface VisitLife {
  /** The status and hall-local day of the visit's current ticket. */
  status: string;
  day: string;
  finishedAt: Date | null;
  issuedAt: Date;
  /** 办不成事 cases, 容缺 acceptances and 整改 work orders of the visit still open. */
  openFollowUps: number;
  /** When the last of the visit's closed follow-ups closed (the citizen reads its answer on the link). */
  lastFollowUpClosedAt: Date | null;
}

const activeStatuses = new Set(['waiting', 'called', 'serving', 'parked']);

/**
 * When the ticket link stops working: the end of the hall day on which the visit ended (its
 * last ticket finished, or its last follow-up closed), in the hall's time zone. Null while the
 * visit is alive: still in today's queue or at a counter, or with a case, 容缺 acceptance or
 * work order open whose progress and answer the citizen follows on the same link. A ticket
 * left in a queue of a past day ended with that day.
 */
export function ticketLinkExpiry(visit: VisitLife, today: string, timeZone: string): Date | null {
  if (visit.openFollowUps > 0) return null;
  const active = activeStatuses.has(visit.status);
  if (active && visit.day >= today) return null;
  let endDay = visit.day;
  const ends = [active ? null : (visit.finishedAt ?? visit.issuedAt), visit.lastFollowUpClosedAt];
  for (const end of ends) {
    const day = end ? localTime(end, timeZone).day : null;
    if (day && day > endDay) endDay = day;
  }
  return startOfLocalDay(addDays(endDay, 1), timeZone);
}
