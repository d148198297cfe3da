import type postgres from 'postgres';
import type { CommandRecord } from './load';

/**
 * What the database says after the run, against what the load was told: nothing acknowledged
 * lost, nothing doubled, numbers and seqs gapless, no ticket called twice, every retried key
 * one effect.
 */
export interface DbVerdict {
  acknowledged: number;
  unanswered: number;
  refused: Record<string, number>;
  lost: string[];
  doubled: string[];
  numberGaps: string[];
  seqGaps: string[];
  calledTwice: number;
  retriedKeys: number;
  keysWithOneEffect: number;
  differentAnswers: number;
  ticketsInDb: number;
  eventsInDb: number;
}

export async function checkDatabase(sql: postgres.Sql, hallSlug: string, commands: CommandRecord[]): Promise<DbVerdict> {
  const lost: string[] = [];
  const doubled: string[] = [];
  const acked = commands.filter((c) => c.acked);
  const refused: Record<string, number> = {};
  for (const c of commands) if (!c.acked && c.refused) refused[`${c.kind} ${c.refused}`] = (refused[`${c.kind} ${c.refused}`] ?? 0) + 1;

  // Numbering: per service and day, seq 1..n with no hole, and the counter row at n.
  const numberGaps: string[] = [];
  const numbering = await sql`select t.service_id, t.day::text as day, count(*)::int as n, min(t.seq) as lo, max(t.seq) as hi,
      count(distinct t.seq)::int as distinct_seqs, max(d.last_seq) as last_seq
    from tickets t left join daily_counters d on d.service_id = t.service_id and d.day = t.day
    where t.seq is not null group by t.service_id, t.day`;
  for (const row of numbering) {
    if (row.lo !== 1 || row.hi !== row.n || row.distinct_seqs !== row.n || row.last_seq !== row.hi) {
      numberGaps.push(`service ${row.service_id} ${row.day}: ${row.n} tickets, seq ${row.lo}..${row.hi}, counter at ${row.last_seq}`);
    }
  }

  // Events: per hall, seq 1..n with no hole, and the hall's seq at n.
  const seqGaps: string[] = [];
  const seqs = await sql`select h.slug, h.event_seq, count(e.seq)::int as n, min(e.seq) as lo, max(e.seq) as hi, count(distinct e.seq)::int as distinct_seqs
    from halls h left join events e on e.hall_id = h.id group by h.id`;
  for (const row of seqs) {
    if (row.n === 0 && row.event_seq === 0) continue;
    if (row.lo !== 1 || row.hi !== row.n || row.distinct_seqs !== row.n || row.event_seq !== row.hi) {
      seqGaps.push(`hall ${row.slug}: ${row.n} events, seq ${row.lo}..${row.hi}, hall at ${row.event_seq}`);
    }
  }

  const [{ called_twice: calledTwice }] = (await sql`select count(*)::int as called_twice from (
      select ticket_id from events where type = 'ticket.called' group by ticket_id having count(*) > 1) x`) as unknown as [{ called_twice: number }];

  // 取号: one ticket per phone number (each request had its own), the one every answer named.
  const byPhone = new Map<string, Array<{ id: string }>>();
  for (const row of await sql`select t.id, t.phone from tickets t join halls h on h.id = t.hall_id where h.slug = ${hallSlug} and t.phone is not null`) {
    const list = byPhone.get(row.phone as string) ?? [];
    list.push({ id: row.id as string });
    byPhone.set(row.phone as string, list);
  }
  const issuePhones = new Set<string>();
  for (const c of commands.filter((x) => x.kind === 'issue')) {
    const phone = c.phone as string;
    issuePhones.add(phone);
    const rows = byPhone.get(phone) ?? [];
    if (rows.length > 1) doubled.push(`取号 ${phone}: ${rows.length} tickets`);
    if (c.acked && (rows.length === 0 || rows[0]?.id !== c.answers[0])) lost.push(`取号 ${phone}: acknowledged ${c.answers[0]}, database ${rows.map((r) => r.id).join(',') || 'none'}`);
  }
  for (const [phone, rows] of byPhone) if (!issuePhones.has(phone)) doubled.push(`取号 ${phone}: ${rows.length} tickets nobody asked for`);

  // Counter commands: per counter, the tickets called in seq order are exactly those the
  // acknowledged call-nexts named, in order; each started and completed ticket once.
  const effects = await sql`select counter_id, ticket_id, type from events
    where type in ('ticket.called', 'ticket.started', 'ticket.completed') order by seq`;
  const counterIds = new Set(commands.filter((c) => c.counterId).map((c) => c.counterId as string));
  for (const counterId of counterIds) {
    for (const [kind, type] of [
      ['call-next', 'ticket.called'],
      ['start', 'ticket.started'],
      ['complete', 'ticket.completed'],
    ] as const) {
      const told = acked.filter((c) => c.counterId === counterId && c.kind === kind && c.answers[0]).map((c) => c.answers[0] as string);
      const unsure = commands.filter((c) => c.counterId === counterId && c.kind === kind && !c.acked && !c.refused).length;
      const done = effects.filter((e) => e.counter_id === counterId && e.type === type).map((e) => e.ticket_id as string);
      const doneSet = new Set(done);
      for (const id of told) if (!doneSet.has(id)) lost.push(`${kind} at counter ${counterId}: ticket ${id} acknowledged, not in the database`);
      const toldSet = new Set(told);
      const extra = done.filter((id) => !toldSet.has(id));
      if (extra.length > unsure) doubled.push(`${kind} at counter ${counterId}: ${extra.length} effects no acknowledged command asked for (${unsure} unanswered)`);
      if (doneSet.size !== done.length) doubled.push(`${kind} at counter ${counterId}: a ticket ${type} twice`);
    }
  }

  // Every key: the stored answer is the one every 2xx named, and there is one row per key.
  const keyRows = await sql`select key, status, response from commands where status is not null`;
  const stored = new Map(keyRows.map((r) => [r.key as string, storedTicketId(r.response)]));
  let differentAnswers = 0;
  let keysWithOneEffect = 0;
  const retried = acked.filter((c) => c.attempts.length > 1);
  for (const c of acked) {
    const ids = new Set(c.answers);
    const bodies = new Set(c.bodies);
    const storedId = stored.get(c.key) ?? null;
    if (ids.size > 1 || bodies.size > 1 || !stored.has(c.key) || storedId !== c.answers[0]) differentAnswers += 1;
    else if (c.attempts.length > 1) keysWithOneEffect += 1;
  }

  const [{ n: ticketsInDb }] = (await sql`select count(*)::int as n from tickets`) as unknown as [{ n: number }];
  const [{ n: eventsInDb }] = (await sql`select count(*)::int as n from events`) as unknown as [{ n: number }];
  return {
    acknowledged: acked.length,
    unanswered: commands.filter((c) => !c.acked && !c.refused).length,
    refused,
    lost,
    doubled,
    numberGaps,
    seqGaps,
    calledTwice,
    retriedKeys: retried.length,
    keysWithOneEffect,
    differentAnswers,
    ticketsInDb,
    eventsInDb,
  };
}

/** The ticket a stored answer names: the ticket itself, `{ ticket }`, or null (nobody waited). */
function storedTicketId(response: unknown): string | null {
  if (response === null || typeof response !== 'object') return null;
  const r = response as { id?: unknown; ticket?: { id?: unknown } | null };
  if ('ticket' in r) return typeof r.ticket?.id === 'string' ? r.ticket.id : null;
  return typeof r.id === 'string' ? r.id : null;
}
