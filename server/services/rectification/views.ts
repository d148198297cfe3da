import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { type AppealRecord, counters, inspectionReports, ratings, services, staff, tickets, type workOrders } from '../../../db/schema';
import type { WorkOrderView } from '../../contracts/rectification';
import { maskIdNumbersIn, maskPhone } from '../../domain/masking';
import { isOverdue } from '../../domain/rectification';
import { photosOf } from './inspection-photos';

export type WorkOrderRow = typeof workOrders.$inferSelect;

const unique = (values: Array<string | null | undefined>) => [...new Set(values.filter((v): v is string => typeof v === 'string'))];

async function byId<T extends { id: string }>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  return new Map((await load(ids)).map((row) => [row.id, row]));
}

/**
 * Work orders as leaders read them, with their visit, rating, report, counter and people.
 * One query per related table for the whole list, never one per order.
 */
/** The appeal that waits for a second leader's decision, if one does. */
export function waitingAppeal(appeals: AppealRecord[]): AppealRecord | null {
  const last = appeals.at(-1);
  return last && !last.decision ? last : null;
}

export async function workOrderViews(
  db: DbOrTx,
  rows: WorkOrderRow[],
  now: Date,
  options: { independentReview: boolean },
): Promise<WorkOrderView[]> {
  const [ticketRows, ratingRows, reportRows, counterRows] = await Promise.all([
    byId(unique(rows.map((r) => r.rootTicketId)), (ids) =>
      db.select({ id: tickets.id, number: tickets.number, serviceId: tickets.serviceId, phone: tickets.phone }).from(tickets).where(inArray(tickets.id, ids)),
    ),
    (async () => {
      const ids = unique(rows.map((r) => r.rootTicketId));
      if (ids.length === 0) return new Map<string, typeof ratings.$inferSelect>();
      const found = await db.select().from(ratings).where(inArray(ratings.rootTicketId, ids));
      return new Map(found.map((r) => [r.rootTicketId, r]));
    })(),
    byId(unique(rows.map((r) => r.reportId)), (ids) => db.select().from(inspectionReports).where(inArray(inspectionReports.id, ids))),
    byId(unique(rows.map((r) => r.counterId)), (ids) =>
      db.select({ id: counters.id, number: counters.number, name: counters.name }).from(counters).where(inArray(counters.id, ids)),
    ),
  ]);
  const serviceIds = unique([...[...ticketRows.values()].map((t) => t.serviceId), ...[...reportRows.values()].map((r) => r.serviceId)]);
  const peopleIds = unique([
    ...rows.map((r) => r.staffId),
    ...rows.flatMap((r) => r.history.map((h) => h.by)),
    ...rows.flatMap((r) => r.appeals.flatMap((a) => [a.by, ...(a.decidedBy ? [a.decidedBy] : [])])),
    ...[...reportRows.values()].map((r) => r.inspectorId),
  ]);
  const [serviceRows, people, photos] = await Promise.all([
    byId(serviceIds, (ids) => db.select({ id: services.id, name: services.name }).from(services).where(inArray(services.id, ids))),
    byId(peopleIds, (ids) => db.select({ id: staff.id, displayName: staff.displayName }).from(staff).where(inArray(staff.id, ids))),
    photosOf(db, [...reportRows.keys()]),
  ]);
  const person = (id: string) => ({ id, displayName: people.get(id)?.displayName ?? '' });

  return rows.map((row) => {
    const ticket = row.rootTicketId ? ticketRows.get(row.rootTicketId) : undefined;
    const rating = row.rootTicketId ? ratingRows.get(row.rootTicketId) : undefined;
    const report = row.reportId ? reportRows.get(row.reportId) : undefined;
    const counter = row.counterId ? counterRows.get(row.counterId) : undefined;
    const rectifiedBy = [...row.history].reverse().find((h) => h.step === 'rectify')?.by ?? null;
    const waiting = waitingAppeal(row.appeals);
    let closedAs: WorkOrderView['closedAs'] = null;
    if (row.step === 'closed') closedAs = row.history.some((h) => h.step === 'closed') ? 'appeal_upheld' : 'reviewed';
    return {
      id: row.id,
      hallId: row.hallId,
      source: row.source,
      step: row.step,
      stepDeadline: row.stepDeadline?.toISOString() ?? null,
      overdue: isOverdue(row, now),
      openedAt: row.openedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      closedAs,
      summary: maskIdNumbersIn(row.summary),
      answer: row.answer === null ? null : maskIdNumbersIn(row.answer),
      counter: counter ?? null,
      clerk: row.staffId ? person(row.staffId) : null,
      ticket: ticket ? { id: ticket.id, number: ticket.number, serviceName: serviceRows.get(ticket.serviceId)?.name ?? '' } : null,
      phoneMasked: ticket?.phone ? maskPhone(ticket.phone) : null,
      rating: rating
        ? {
            level: rating.level as NonNullable<WorkOrderView['rating']>['level'],
            efficiency: rating.efficiency,
            serviceLevel: rating.serviceLevel,
            attitude: rating.attitude,
            comment: rating.comment === null ? null : maskIdNumbersIn(rating.comment),
            at: rating.at.toISOString(),
            excluded: rating.excluded,
            excludedReason: rating.excludedReason,
          }
        : null,
      report: report
        ? {
            id: report.id,
            inspector: person(report.inspectorId),
            visitedAt: report.visitedAt.toISOString(),
            serviceName: report.serviceId ? (serviceRows.get(report.serviceId)?.name ?? null) : null,
            scores: report.scores,
            problems: report.problems.map(maskIdNumbersIn),
            photos: photos.get(report.id) ?? [],
          }
        : null,
      history: row.history.map((h) => ({ step: h.step, by: person(h.by), at: h.at, note: maskIdNumbersIn(h.note) })),
      appealRequest: waiting ? { by: person(waiting.by), at: waiting.at, reason: waiting.reason } : null,
      appeals: row.appeals.map((a) => ({
        by: person(a.by),
        at: a.at,
        reason: a.reason,
        decision: a.decision ?? null,
        decidedBy: a.decidedBy ? person(a.decidedBy) : null,
        decidedAt: a.decidedAt ?? null,
        decisionNote: a.decisionNote ?? null,
      })),
      reviewExcludes: options.independentReview ? rectifiedBy : null,
    };
  });
}
