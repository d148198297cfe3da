import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { adminAudit } from '../../../db/schema';
import type { AuditEntity, AuditEntry, AuditQuery } from '../../contracts/admin';
import { maskName } from '../../domain/masking';
import type { AdminContext } from './access';

export interface AuditRecord {
  hallId: string | null;
  entity: AuditEntity;
  entityId: string | null;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Fields that hold a person's name: recorded masked, as they are shown everywhere else. */
const nameFields = new Set(['displayName']);
/** Never recorded, not even hashed. */
const secretFields = new Set(['password', 'passwordHash', 'keyHash', 'key']);

export function maskRecord(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (secretFields.has(k)) continue;
    out[k] = nameFields.has(k) && typeof v === 'string' ? maskName(v) : v;
  }
  return out;
}

/** Who is recorded: an admin in /admin, or any member of staff reading personal data. */
export type AuditActor = Pick<AdminContext, 'ip'> & { account: Pick<AdminContext['account'], 'id' | 'username'> };

/** Written in the transaction of the change it records, so neither exists without the other. */
export async function writeAudit(tx: DbOrTx, ctx: AuditActor, at: Date, record: AuditRecord): Promise<void> {
  await tx.insert(adminAudit).values({
    hallId: record.hallId,
    at,
    actorId: ctx.account.id,
    actorUsername: ctx.account.username,
    ip: ctx.ip,
    entity: record.entity,
    entityId: record.entityId,
    action: record.action,
    before: maskRecord(record.before),
    after: maskRecord(record.after),
  });
}

export async function readAudit(db: Db, hallId: string, query: AuditQuery): Promise<AuditEntry[]> {
  const rows = await db
    .select()
    .from(adminAudit)
    .where(
      and(
        eq(adminAudit.hallId, hallId),
        query.from ? gte(adminAudit.at, new Date(query.from)) : undefined,
        query.to ? lte(adminAudit.at, new Date(query.to)) : undefined,
        query.actor ? eq(adminAudit.actorUsername, query.actor) : undefined,
        query.entity ? eq(adminAudit.entity, query.entity) : undefined,
      ),
    )
    .orderBy(desc(adminAudit.at))
    .limit(query.limit ?? 500);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: { id: r.actorId, username: r.actorUsername },
    ip: r.ip,
    hallId: r.hallId,
    entity: r.entity as AuditEntity,
    entityId: r.entityId,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
  }));
}

export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit as CSV with Chinese headers and a BOM, so Excel opens it as UTF-8. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = ['时间', '操作人', '地址', '对象', '对象ID', '操作', '修改前', '修改后'];
  const lines = entries.map((e) =>
    [e.at, e.actor.username, e.ip, e.entity, e.entityId, e.action, e.before, e.after].map(csvCell).join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
