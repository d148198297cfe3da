import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { appointments, conditionalAcceptances, counterServices, tickets, unresolvedCases, workOrders } from '../../db/schema';
import type { Clock } from '../domain/clock';
import type { RevealBody, RevealKind, RevealResponse } from '../contracts/personal-data';
import type { StaffActor } from './actors';
import { writeAudit } from './admin/audit';
import { findHall } from './lookups';
import { type Result, Refusal, fail, ok, refuse } from './result';

/** The record behind a reveal: its hall, the phone it holds (if any) and who may read it. */
interface Held {
  hallId: string;
  phone: string | null;
  /** A readable handle for the audit (a ticket number, an appointment code): never personal data. */
  ref: string | null;
  /** Whether this member of staff handles the record, beyond the hall's leaders and admins. */
  handledBy: (actor: StaffActor) => Promise<boolean>;
}

const isLeader = (actor: StaffActor) => actor.role === 'leader' || actor.role === 'admin';

async function rootTicket(tx: Tx, ticketId: string | null) {
  if (!ticketId) return null;
  const [row] = await tx.select({ number: tickets.number, phone: tickets.phone }).from(tickets).where(eq(tickets.id, ticketId));
  return row ?? null;
}

/** Each kind's record, read in the reveal's transaction. Leaders and admins of the hall handle them all. */
const readers: Record<RevealKind, (tx: Tx, id: string) => Promise<Held | null>> = {
  // 整改 follows a bad rating: only the hall's leaders and admins follow work orders.
  async work_order(tx, id) {
    const [row] = await tx.select().from(workOrders).where(eq(workOrders.id, id));
    if (!row) return null;
    const ticket = await rootTicket(tx, row.rootTicketId);
    return { hallId: row.hallId, phone: ticket?.phone ?? null, ref: ticket?.number ?? null, handledBy: () => Promise.resolve(false) };
  },
  // 办不成事 is the duty leader's; a member of staff it was assigned to answers it too.
  async unresolved_case(tx, id) {
    const [row] = await tx.select().from(unresolvedCases).where(eq(unresolvedCases.id, id));
    if (!row) return null;
    const ticket = await rootTicket(tx, row.rootTicketId);
    return {
      hallId: row.hallId,
      phone: row.phone ?? ticket?.phone ?? null,
      ref: ticket?.number ?? null,
      handledBy: (actor) => Promise.resolve(row.assignedTo === actor.id),
    };
  },
  // 容缺: any clerk of the hall may close an acceptance, so any clerk may remind the citizen.
  async conditional_acceptance(tx, id) {
    const [row] = await tx.select().from(conditionalAcceptances).where(eq(conditionalAcceptances.id, id));
    if (!row) return null;
    const ticket = await rootTicket(tx, row.rootTicketId);
    return { hallId: row.hallId, phone: ticket?.phone ?? null, ref: ticket?.number ?? null, handledBy: (actor) => Promise.resolve(actor.role === 'staff') };
  },
  // 预约: the clerks whose counter serves the appointment's service, who see it on their list.
  async appointment(tx, id) {
    const [row] = await tx.select().from(appointments).where(eq(appointments.id, id));
    if (!row) return null;
    return {
      hallId: row.hallId,
      phone: row.phone,
      ref: row.code,
      handledBy: async (actor) => {
        if (actor.role !== 'staff' || !actor.counterId) return false;
        const served = await tx
          .select({ counterId: counterServices.counterId })
          .from(counterServices)
          .where(and(eq(counterServices.counterId, actor.counterId), eq(counterServices.serviceId, row.serviceId)));
        return served.length > 0;
      },
    };
  },
};

/**
 * 查看完整号码: a citizen's whole phone for the member of staff who handles the record, with
 * the reason written to the hall's audit in the same transaction, so there is never a
 * number read without its record, nor a record of a read that did not happen.
 */
export function createPersonalDataService({ db, clock }: { db: Db; clock: Clock }) {
  async function reveal(actor: StaffActor, hallRef: string, body: RevealBody, ip: string): Promise<Result<RevealResponse>> {
    // Volunteers and inspectors handle no citizen's record: refused before anything is read.
    if (actor.role !== 'staff' && !isLeader(actor)) return fail('FORBIDDEN', 'Only the staff who handle a record may read its full phone number');
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (hall.id !== actor.hallId) return fail('FORBIDDEN', 'This hall is not yours');
    try {
      const data = await db.transaction(async (tx) => {
        const held = await readers[body.kind](tx, body.id);
        if (!held || held.hallId !== hall.id) refuse('NOT_FOUND', 'No such record in this hall');
        if (!isLeader(actor) && !(await held.handledBy(actor))) refuse('FORBIDDEN', 'Only the staff who handle this record may read its full phone number');
        if (!held.phone) refuse('NOT_FOUND', 'This record holds no phone number', { reason: 'NO_PHONE' });
        const now = clock.now();
        await writeAudit(tx, { account: actor, ip }, now, {
          hallId: hall.id,
          entity: 'personal_data',
          entityId: body.id,
          action: 'reveal_phone',
          before: null,
          after: { kind: body.kind, ref: held.ref, reason: body.reason, note: body.note ?? null },
        });
        return { kind: body.kind, id: body.id, phone: held.phone, revealedAt: now.toISOString() };
      });
      return ok(data);
    } catch (error) {
      if (error instanceof Refusal) return fail(error.code, error.message, error.detail);
      throw error;
    }
  }

  return { reveal };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
