import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { signInAttempts, staff } from '../../../db/schema';
import type { SignInEntry, SignInQuery } from '../../contracts/admin';
import { csvCell } from './audit';

/**
 * Sign-ins to the accounts of one hall, good and refused, newest first. An attempt with a
 * username that names no account belongs to no hall, so no hall's admin reads it here.
 */
export async function readSignIns(db: Db, hallId: string, query: SignInQuery): Promise<SignInEntry[]> {
  const rows = await db
    .select({ a: signInAttempts })
    .from(signInAttempts)
    .innerJoin(staff, eq(staff.id, signInAttempts.staffId))
    .where(
      and(
        eq(staff.hallId, hallId),
        query.from ? gte(signInAttempts.at, new Date(query.from)) : undefined,
        query.to ? lte(signInAttempts.at, new Date(query.to)) : undefined,
        query.username ? eq(signInAttempts.username, query.username) : undefined,
        query.result ? eq(signInAttempts.ok, query.result === 'ok') : undefined,
      ),
    )
    .orderBy(desc(signInAttempts.at))
    .limit(query.limit ?? 500);
  return rows.map(({ a }) => ({
    id: a.id,
    at: a.at.toISOString(),
    username: a.username,
    staffId: a.staffId,
    address: a.address,
    ok: a.ok,
    reason: a.reason,
  }));
}

/** The sign-ins as CSV with Chinese headers and a BOM, like the audit. */
export function signInCsv(entries: readonly SignInEntry[]): string {
  const header = ['时间', '登录名', '地址', '结果', '原因'];
  const lines = entries.map((e) => [e.at, e.username, e.address, e.ok ? '成功' : '失败', e.reason].map(csvCell).join(','));
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
