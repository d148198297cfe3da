import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { cases, halls, services } from '../../db/schema';
import type { CaseProgressView } from '../contracts/appointments';
import { maskPhone } from '../domain/masking';
import { type GuessLimiter, tooManyGuesses } from './guess-limiter';
import { type Result, fail, ok } from './result';

export interface CaseProgressDeps {
  db: Db;
  limiter: GuessLimiter;
}

/**
 * 办件查询: a case is read with its number and the last four digits of the phone it was
 * accepted with. A wrong pair answers exactly like an unknown number, so the lookup tells
 * nobody which case numbers exist; every such miss counts against the caller's address.
 */
export function createCaseLookupService({ db, limiter }: CaseProgressDeps) {
  const notFound = (): Result<never> => fail('NOT_FOUND', 'No case with this number and phone');

  async function lookup(caseNo: string, phoneLast4: string, ip: string): Promise<Result<CaseProgressView>> {
    const wait = await limiter.retryAfter(ip);
    if (wait !== null) return tooManyGuesses(wait);
    const [row] = await db
      .select({ c: cases, serviceName: services.name, hall: { id: halls.id, slug: halls.slug, name: halls.name } })
      .from(cases)
      .innerJoin(services, eq(services.id, cases.serviceId))
      .innerJoin(halls, eq(halls.id, cases.hallId))
      .where(eq(cases.caseNo, caseNo));
    const digits = row?.c.phone?.replace(/\D/g, '') ?? '';
    if (!row || digits.length < 4 || !digits.endsWith(phoneLast4)) {
      await limiter.miss(ip);
      return notFound();
    }
    const { c } = row;
    return ok({
      caseNo: c.caseNo,
      status: c.status,
      serviceName: row.serviceName,
      hall: row.hall,
      acceptedAt: c.acceptedAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      phoneMasked: maskPhone(digits),
      steps: [...c.steps]
        .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())
        .map((s) => ({ status: s.status, at: new Date(s.at).toISOString(), ...(s.note ? { note: s.note } : {}) })),
    });
  }

  return { lookup };
}

export type CaseProgressService = ReturnType<typeof createCaseLookupService>;
