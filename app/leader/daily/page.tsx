import type { Metadata } from 'next';
import { DailyReportView } from '@/components/leader-daily/daily-report-view';
import { LeaderNav } from '@/components/leader/leader-nav';
import { getMessages } from '@/lib/locale';
import { dailyReportQuery } from '@/server/contracts/daily-report';
import { getServices } from '@/server/registry';
import { LeaderLogin, LeaderRefused, signedInActor } from '../access';
import '../leader.css';
import './daily.css';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.dailyReport.title, robots: { index: false, follow: false } };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/**
 * 晨会日报: one hall's day (yesterday by default) on one A4 page, server-rendered from
 * the daily report service. A bad day is said so above the default day's report, never
 * silently replaced.
 */
export default async function LeaderDailyPage({ searchParams }: Props) {
  const [raw, { t }, actor] = await Promise.all([searchParams, getMessages(), signedInActor()]);
  if (!actor) return <LeaderLogin t={t} />;
  if (actor.role !== 'leader' && actor.role !== 'admin') return <LeaderRefused message={t.dailyReport.notLeader} name={actor.displayName} account={actor} />;
  const m = t.dailyReport;
  const parsed = dailyReportQuery.safeParse({ day: one(raw.day), hall: one(raw.hall) });
  const query = parsed.success ? parsed.data : { hall: dailyReportQuery.shape.hall.safeParse(one(raw.hall)).data };
  let error: string | null = parsed.success ? null : m.badDay;
  const service = getServices().dailyReport;
  let report = await service.report(actor, query.hall, parsed.success ? query.day : undefined);
  if (!report.ok && report.error.reason === 'future_day') {
    error = m.futureDay;
    report = await service.report(actor, query.hall, undefined);
  }
  if (!report.ok) {
    return (
      <div className="daily">
        <div className="daily-controls">
          <LeaderNav current="daily" />
          <p className="daily-error" role="alert" data-testid="daily-error">
            {m.noHall}
          </p>
        </div>
      </div>
    );
  }
  return <DailyReportView report={report.data} t={t} error={error} />;
}
