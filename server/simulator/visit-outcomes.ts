import type { ratings, refusals, unresolvedCases } from '../../db/schema';
import type { Rng } from './random';
import type { SimCounter, SimHall, SimService, SimTicket } from './types';

export interface VisitOutcomes {
  ratings: (typeof ratings.$inferInsert)[];
  refusals: (typeof refusals.$inferInsert)[];
  cases: (typeof unresolvedCases.$inferInsert)[];
  /** Tickets created by transfers (seq null, same number), waiting in their new service. */
  continuations: SimTicket[];
}

interface Pending {
  t: SimTicket;
  queue: number;
  issue: number;
  cancelAt: number | null;
}

interface Deps {
  hall: SimHall;
  rng: Rng;
  emit: (type: string, minute: number, ticketId: string | null, counterId: string | null, actor: string, data: Record<string, unknown>) => void;
  at: (minute: number) => Date;
  scale: number;
  serviceById: Map<string, SimService>;
  requeue: (p: Pending) => void;
}

/** The national five levels, most visits rated well: 非常满意 … 非常不满意. */
const levels = [
  ['very_satisfied', 0.68],
  ['satisfied', 0.2],
  ['basically_satisfied', 0.07],
  ['dissatisfied', 0.035],
  ['very_dissatisfied', 0.015],
] as const;
const indicatorBase: Record<string, number> = { very_satisfied: 5, satisfied: 4, basically_satisfied: 3, dissatisfied: 2, very_dissatisfied: 1 };
const refusalReasons = [
  ['申请材料不齐全，缺少营业执照副本', '《行政许可法》第三十二条', ['营业执照副本原件', '法定代表人身份证复印件']],
  ['不属于本中心受理范围', '《海南省政务服务事项目录》', ['请到市不动产登记中心办理', '可拨打 12345 咨询']],
] as const;
const caseTexts = ['跑了两次还没办成，窗口说缺材料但没有一次性告知', '网上预约后到现场仍需重新排队', '材料要求前后说法不一致'];
const caseOutcomes = ['solved_on_site', 'assisted', 'registered'] as const;

/** What happens at the counter once a ticket is called, with the records it leaves. */
export function createVisitOutcomes({ hall, rng, emit, at, scale, serviceById, requeue }: Deps) {
  const out: VisitOutcomes = { ratings: [], refusals: [], cases: [], continuations: [] };
  const leaderActor = hall.leaderId ? `staff:${hall.leaderId}` : 'system';
  const others = hall.services.filter((s) => s.kind === 'normal');

  function rate(t: SimTicket, counter: SimCounter, minute: number) {
    let u = rng.next();
    let level: string = levels[0][0];
    for (const [name, p] of levels) {
      if (u < p) {
        level = name;
        break;
      }
      u -= p;
    }
    const base = indicatorBase[level] ?? 4;
    const indicator = () => (rng.chance(0.7) ? Math.max(1, Math.min(5, base + rng.int(-1, 1) * (rng.chance(0.3) ? 1 : 0))) : null);
    out.ratings.push({
      rootTicketId: t.rootTicketId, hallId: hall.id, counterId: counter.id, level,
      efficiency: indicator(), serviceLevel: indicator(), attitude: indicator(), comment: null, at: at(minute),
    });
    emit('ticket.rated', minute, t.id, counter.id, `citizen:${t.rootTicketId}`, { number: t.number, level });
    return level;
  }

  function openCase(t: SimTicket, minute: number) {
    const id = rng.uuid();
    const closedAt = minute + rng.int(30, 240);
    const deadline = at(minute + 24 * 60);
    out.cases.push({
      id, hallId: hall.id, rootTicketId: t.rootTicketId, description: rng.pick(caseTexts), phone: null,
      openedBy: `citizen:${t.rootTicketId}`, status: 'closed', assignedTo: hall.leaderId, outcome: rng.pick(caseOutcomes),
      answer: '已联系群众并现场协调办理，后续材料由工作人员帮办代办。', openedAt: at(minute), deadline,
      closedBy: hall.leaderId, closedAt: at(closedAt),
    });
    emit('case.opened', minute, t.id, null, `citizen:${t.rootTicketId}`, { caseId: id, ticketId: t.id, number: t.number, deadline: deadline.toISOString() });
    emit('case.closed', closedAt, t.rootTicketId, null, leaderActor, { caseId: id, ticketId: t.rootTicketId, status: 'closed' });
  }

  /** Serves a called ticket; returns when the counter is free again. */
  function serve(p: Pending, counter: SimCounter, t: number): number {
    const ticket = p.t;
    const service = serviceById.get(ticket.serviceId);
    const typical = service?.typicalServiceMinutes ?? 8;
    const actor = counter.staffId ? `staff:${counter.staffId}` : 'system';
    const data = { ticketId: ticket.id, number: ticket.number, counterNumber: counter.number, counterId: counter.id, serviceId: ticket.serviceId };
    Object.assign(ticket, { status: 'called', calledAt: at(t), counterId: counter.id, staffId: counter.staffId, version: ticket.version + 1 });
    emit('ticket.called', t, ticket.id, counter.id, actor, data);
    if (rng.chance(0.05)) {
      const end = t + rng.int(2, 4);
      Object.assign(ticket, { status: 'no_show', finishedAt: at(end), version: ticket.version + 1 });
      emit('ticket.no_show', end, ticket.id, counter.id, actor, data);
      return end + 0.2;
    }
    const start = t + Math.min(3, rng.lognormal(0.7, 0.5));
    Object.assign(ticket, { status: 'serving', startedAt: at(start), version: ticket.version + 1 });
    emit('ticket.started', start, ticket.id, counter.id, actor, data);
    const duration = Math.min(4 * typical, Math.max(1, rng.lognormal(typical * 0.85, 0.45))) / scale;
    const fin = start + duration;
    const u = rng.next();
    const to = others.filter((s) => s.id !== ticket.serviceId);
    if (u < 0.03 && to.length > 0) {
      const target = rng.pick(to);
      const child: SimTicket = {
        ...ticket, id: rng.uuid(), serviceId: target.id, seq: null, status: 'waiting', version: 1, issuedAt: at(fin),
        calledAt: null, startedAt: null, finishedAt: null, counterId: null, staffId: null, parentTicketId: ticket.id, token: null, outcome: null,
      };
      Object.assign(ticket, { status: 'transferred', finishedAt: at(fin), version: ticket.version + 1 });
      emit('ticket.transferred', fin, ticket.id, counter.id, actor, { ...data, childTicketId: child.id, toServiceId: target.id, toCounterId: null, toCounterNumber: null });
      out.continuations.push(child);
      requeue({ t: child, queue: p.queue, issue: fin, cancelAt: null });
      return fin + 0.3;
    }
    if (u < 0.036 && counter.staffId && hall.leaderId) {
      const [reason, legalBasis, items] = rng.pick(refusalReasons);
      const decided = fin + rng.int(5, 25);
      const id = rng.uuid();
      out.refusals.push({
        id, hallId: hall.id, ticketId: ticket.id, rootTicketId: ticket.rootTicketId, counterId: counter.id,
        requestedBy: counter.staffId, reason, legalBasis, items: [...items], status: 'approved',
        requestedAt: at(fin), decidedBy: hall.leaderId, decisionComment: null, decidedAt: at(decided),
      });
      emit('ticket.parked', fin, ticket.id, counter.id, actor, data);
      emit('refusal.requested', fin, ticket.id, counter.id, actor, { ...data, refusalId: id });
      emit('ticket.completed', decided, ticket.id, counter.id, leaderActor, { ...data, outcome: 'refused' });
      emit('refusal.approved', decided, ticket.id, counter.id, leaderActor, { ...data, refusalId: id });
      Object.assign(ticket, { status: 'completed', outcome: 'refused', finishedAt: at(decided), version: ticket.version + 2 });
      return fin + 0.5;
    }
    const outcome = service?.kind === 'consultation' ? 'consulted' : rng.chance(0.2) ? 'accepted' : 'handled';
    Object.assign(ticket, { status: 'completed', outcome, finishedAt: at(fin), version: ticket.version + 1 });
    emit('ticket.completed', fin, ticket.id, counter.id, actor, { ...data, outcome });
    const level = rng.chance(0.4) ? rate(ticket, counter, fin + rng.int(1, 8)) : null;
    if (rng.chance(0.003) || (level === 'very_dissatisfied' && rng.chance(0.3))) openCase(ticket, fin + rng.int(3, 15));
    return fin + 0.1 + rng.next() * 0.5;
  }

  // The arrays are shared: what serve() records later is in them.
  return { ...out, serve };
}
