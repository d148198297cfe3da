import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { counters, halls, inspectionReports, services, workOrders } from '../../../db/schema';
import type { InspectionReportBody, InspectionReportView } from '../../contracts/rectification';
import type { Clock } from '../../domain/clock';
import { type StaffActor, actorId } from '../actors';
import type { RunCommand } from '../command';
import { findHall } from '../lookups';
import { type Result, fail, ok } from '../result';
import { photosOf } from './inspection-photos';
import { openWorkOrder } from './open';

/** A visit report may be filed up to this long after the visit (and never before it). */
const maxReportAgeMs = 30 * 24 * 3_600_000;
/** A phone's clock may run a little ahead of the server's. */
const clockSkewMs = 5 * 60_000;

/**
 * 政务服务体验员: inspectors file structured visit reports from their phone. Inspectors are
 * appointed by the district and visit every hall and station, so they may report on any
 * hall, not only the one their account belongs to. A report with problems opens a work
 * order in the same transaction; its answer step is the hall's feedback to the inspector.
 */
export function createInspectionService({ db, clock, runCommand }: { db: Db; clock: Clock; runCommand: RunCommand }) {
  async function file(actor: StaffActor, hallRef: string, body: InspectionReportBody): Promise<Result<{ report: InspectionReportView }>> {
    if (actor.role !== 'inspector') return fail('FORBIDDEN', 'Only inspectors file visit reports');
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    const visitedAt = new Date(body.visitedAt);
    const now = clock.now();
    if (visitedAt.getTime() > now.getTime() + clockSkewMs) return fail('VALIDATION', 'visitedAt: the visit cannot be in the future');
    if (visitedAt.getTime() < now.getTime() - maxReportAgeMs) return fail('VALIDATION', 'visitedAt: report a visit within 30 days');
    const [service] = await db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.id, body.serviceId), eq(services.hallId, hall.id)));
    if (!service) return fail('NOT_FOUND', 'Service not found in this hall');
    if (body.counterId) {
      const [counter] = await db
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.id, body.counterId), eq(counters.hallId, hall.id)));
      if (!counter) return fail('NOT_FOUND', 'Counter not found in this hall');
    }
    const filed = await runCommand(
      { actor: actorId(actor), hallId: hall.id, request: { op: 'file-inspection', hall: hall.id, body } },
      async ({ tx, now: at, emit }) => {
        const [row] = await tx
          .insert(inspectionReports)
          .values({
            hallId: hall.id,
            inspectorId: actor.id,
            visitedAt,
            serviceId: body.serviceId,
            counterId: body.counterId ?? null,
            scores: body.scores,
            problems: body.problems,
            summary: body.summary,
            createdAt: at,
          })
          .returning({ id: inspectionReports.id });
        if (!row) throw new Error('report not inserted');
        emit({
          type: 'inspection.filed',
          counterId: body.counterId ?? null,
          data: { reportId: row.id, problems: body.problems.length },
        });
        if (body.problems.length > 0) {
          await openWorkOrder(tx, at, emit, {
            hallId: hall.id,
            source: 'inspection',
            reportId: row.id,
            counterId: body.counterId ?? null,
            summary: body.summary,
          });
        }
        return { id: row.id };
      },
    );
    if (!filed.ok) return filed;
    const [report] = await reportsOf(actor, [filed.data.id]);
    return report ? ok({ report }) : fail('NOT_FOUND', 'Report not found');
  }

  /** An inspector's own reports, newest first, each with its work order and the hall's feedback. */
  async function mine(actor: StaffActor): Promise<Result<{ reports: InspectionReportView[] }>> {
    if (actor.role !== 'inspector') return fail('FORBIDDEN', 'Only inspectors have visit reports');
    return ok({ reports: await reportsOf(actor) });
  }

  async function reportsOf(actor: StaffActor, ids?: string[]): Promise<InspectionReportView[]> {
    const where = [eq(inspectionReports.inspectorId, actor.id)];
    if (ids) where.push(inArray(inspectionReports.id, ids));
    const rows = await db
      .select({
        report: inspectionReports,
        hall: { id: halls.id, slug: halls.slug, name: halls.name },
        serviceName: services.name,
        counterNumber: counters.number,
      })
      .from(inspectionReports)
      .innerJoin(halls, eq(halls.id, inspectionReports.hallId))
      .leftJoin(services, eq(services.id, inspectionReports.serviceId))
      .leftJoin(counters, eq(counters.id, inspectionReports.counterId))
      .where(and(...where))
      .orderBy(desc(inspectionReports.createdAt))
      .limit(100);
    const reportIds = rows.map((r) => r.report.id);
    const orders =
      reportIds.length === 0
        ? []
        : await db
            .select({ id: workOrders.id, reportId: workOrders.reportId, step: workOrders.step, answer: workOrders.answer })
            .from(workOrders)
            .where(inArray(workOrders.reportId, reportIds));
    const orderOf = new Map(orders.map((o) => [o.reportId, o]));
    const photos = await photosOf(db, reportIds);
    return rows.map(({ report, hall, serviceName, counterNumber }) => {
      const order = orderOf.get(report.id);
      return {
        id: report.id,
        hall,
        visitedAt: report.visitedAt.toISOString(),
        serviceName,
        counterNumber,
        scores: report.scores,
        problems: report.problems,
        summary: report.summary,
        createdAt: report.createdAt.toISOString(),
        workOrder: order ? { id: order.id, step: order.step, answer: order.answer } : null,
        photos: photos.get(report.id) ?? [],
      };
    });
  }

  return { file, mine };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
