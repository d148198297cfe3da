import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { counterServices, counters, services, tickets } from '../../../db/schema';
import type { AdminCounter, CounterCreateBody, CounterUpdateBody, ServiceMatrix, ServiceMatrixBody } from '../../contracts/admin';
import type { RunCommand } from '../command';
import type { CounterRow } from '../lookups';
import { type Result, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall } from './access';
import { writeAudit } from './audit';

const audited = (row: CounterRow, serviceIds?: string[]) => ({
  number: row.number,
  name: row.name,
  kind: row.kind,
  status: row.status,
  ...(serviceIds ? { serviceIds } : {}),
});

export function createCounterAdmin({ db, runCommand }: { db: Db; runCommand: RunCommand }) {
  async function servicesOf(dbOrTx: Db | Tx, counterIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (counterIds.length === 0) return map;
    const links = await dbOrTx.select().from(counterServices).where(inArray(counterServices.counterId, counterIds));
    for (const l of links) map.set(l.counterId, [...(map.get(l.counterId) ?? []), l.serviceId]);
    return map;
  }

  const toAdmin = (row: CounterRow, serviceIds: string[]): AdminCounter => ({
    id: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    status: row.status,
    serviceIds,
  });

  async function list(ctx: AdminContext, hallRef: string): Promise<Result<{ counters: AdminCounter[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const rows = await db.select().from(counters).where(eq(counters.hallId, hall.data.id)).orderBy(asc(counters.number));
    const links = await servicesOf(db, rows.map((r) => r.id));
    return ok({ counters: rows.map((r) => toAdmin(r, links.get(r.id) ?? [])) });
  }

  /** Services must belong to the hall: a counter never serves another hall's queue. */
  async function requireHallServices(tx: Tx, hallId: string, serviceIds: readonly string[]) {
    const unique = [...new Set(serviceIds)];
    if (unique.length === 0) return unique;
    const found = await tx.select({ id: services.id }).from(services).where(and(eq(services.hallId, hallId), inArray(services.id, unique)));
    if (found.length !== unique.length) refuse('VALIDATION', 'A service is not one of this hall', { reason: 'UNKNOWN_SERVICE' });
    return unique;
  }

  async function requireFreeNumber(tx: Tx, hallId: string, number: number, except?: string) {
    const [row] = await tx.select({ id: counters.id }).from(counters).where(and(eq(counters.hallId, hallId), eq(counters.number, number)));
    if (row && row.id !== except) refuse('CONFLICT', `Counter ${number} exists in this hall`, { reason: 'NUMBER_TAKEN', details: { number } });
  }

  async function create(ctx: AdminContext, hallRef: string, body: CounterCreateBody): Promise<Result<{ counter: AdminCounter }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: body }, async ({ tx, now, emit }) => {
      await requireFreeNumber(tx, hall.data.id, body.number);
      const serviceIds = await requireHallServices(tx, hall.data.id, body.serviceIds ?? []);
      const [row] = await tx
        .insert(counters)
        .values({ hallId: hall.data.id, number: body.number, name: body.name, kind: body.kind ?? 'general', status: body.status ?? 'closed', statusSince: now })
        .returning();
      if (!row) refuse('UNAVAILABLE', 'The counter was not saved');
      if (serviceIds.length > 0) await tx.insert(counterServices).values(serviceIds.map((serviceId) => ({ counterId: row.id, serviceId })));
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'counter', entityId: row.id, action: 'create', before: null, after: audited(row, serviceIds) });
      emit({ type: 'config.changed', counterId: row.id, data: { entity: 'counter', id: row.id } });
      return { counter: toAdmin(row, serviceIds) };
    });
  }

  async function update(ctx: AdminContext, hallRef: string, counterId: string, body: CounterUpdateBody): Promise<Result<{ counter: AdminCounter }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { counterId, body } }, async ({ tx, now, emit }) => {
      const [before] = await tx.select().from(counters).where(and(eq(counters.id, counterId), eq(counters.hallId, hall.data.id))).for('update');
      if (!before) refuse('NOT_FOUND', 'Counter not found in this hall');
      if (body.number !== undefined) await requireFreeNumber(tx, hall.data.id, body.number, counterId);
      const statusChanges = body.status !== undefined && body.status !== before.status;
      if (statusChanges && body.status === 'closed') {
        const [active] = await tx
          .select({ id: tickets.id })
          .from(tickets)
          .where(and(eq(tickets.counterId, counterId), inArray(tickets.status, ['called', 'serving'])))
          .limit(1);
        if (active) refuse('CONFLICT', 'The counter is serving a ticket; finish it first', { reason: 'COUNTER_BUSY' });
      }
      const [after] = await tx
        .update(counters)
        .set({ ...body, ...(statusChanges ? { statusSince: now, pauseReason: null } : {}) })
        .where(eq(counters.id, counterId))
        .returning();
      if (!after) refuse('NOT_FOUND', 'Counter not found in this hall');
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'counter', entityId: counterId, action: 'update', before: audited(before), after: audited(after) });
      // Status changes are the counter's own event (screens, idle time and history follow it).
      if (statusChanges) {
        emit({ type: 'counter.updated', counterId, data: { counterId, number: after.number, status: after.status, pauseReason: null } });
      }
      emit({ type: 'config.changed', counterId, data: { entity: 'counter', id: counterId } });
      const links = await servicesOf(tx, [counterId]);
      return { counter: toAdmin(after, links.get(counterId) ?? []) };
    });
  }

  async function matrixOf(dbOrTx: Db | Tx, hallId: string): Promise<ServiceMatrix> {
    const [counterRows, serviceRows] = await Promise.all([
      dbOrTx.select().from(counters).where(eq(counters.hallId, hallId)).orderBy(asc(counters.number)),
      dbOrTx.select().from(services).where(eq(services.hallId, hallId)).orderBy(asc(services.sortOrder), asc(services.prefix)),
    ]);
    const links = await servicesOf(dbOrTx, counterRows.map((c) => c.id));
    return {
      counters: counterRows.map((c) => ({ id: c.id, number: c.number, name: c.name })),
      services: serviceRows.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name, active: s.active })),
      rows: counterRows.map((c) => ({ counterId: c.id, serviceIds: links.get(c.id) ?? [] })),
    };
  }

  async function matrix(ctx: AdminContext, hallRef: string): Promise<Result<ServiceMatrix>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    return hall.ok ? ok(await matrixOf(db, hall.data.id)) : hall;
  }

  /** Replaces the whole counters × services matrix: every counter of the hall, once. */
  async function setMatrix(ctx: AdminContext, hallRef: string, body: ServiceMatrixBody): Promise<Result<ServiceMatrix>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: body }, async ({ tx, now, emit }) => {
      const hallCounters = await tx.select({ id: counters.id }).from(counters).where(eq(counters.hallId, hall.data.id)).for('update');
      const ids = new Set(hallCounters.map((c) => c.id));
      const given = body.rows.map((r) => r.counterId);
      if (new Set(given).size !== given.length || given.length !== ids.size || given.some((id) => !ids.has(id))) {
        refuse('VALIDATION', 'Give every counter of the hall exactly once', { reason: 'MATRIX_COUNTERS' });
      }
      const before = await matrixOf(tx, hall.data.id);
      await requireHallServices(tx, hall.data.id, body.rows.flatMap((r) => r.serviceIds));
      if (given.length > 0) await tx.delete(counterServices).where(inArray(counterServices.counterId, given));
      const links = body.rows.flatMap((r) => [...new Set(r.serviceIds)].map((serviceId) => ({ counterId: r.counterId, serviceId })));
      if (links.length > 0) await tx.insert(counterServices).values(links);
      const after = await matrixOf(tx, hall.data.id);
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'matrix', entityId: null, action: 'replace', before: { rows: before.rows }, after: { rows: after.rows } });
      emit({ type: 'config.changed', data: { entity: 'matrix', id: null } });
      return after;
    });
  }

  return { list, create, update, matrix, setMatrix };
}
