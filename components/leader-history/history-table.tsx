import type { HistoryReport } from '@/server/contracts/metrics-history';
import { useMessages } from '../i18n';

const fixed = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** Every row of the report in a scrolling table. */
export function HistoryTable({ report, labels }: { report: HistoryReport; labels: Map<string, string> }) {
  const t = useMessages().leaderHistory;
  const c = t.csv;
  // Newest period first; within a period, the report's own order of keys.
  const rank = new Map(report.periods.map((p, i) => [p, i]));
  const rows = report.rows.map((r, i) => ({ r, i })).sort((a, b) => (rank.get(b.r.period) ?? 0) - (rank.get(a.r.period) ?? 0) || a.i - b.i).map((x) => x.r);
  return (
    <section className="history-table-wrap">
      <table className="history-table" data-testid="history-table">
        <thead>
          <tr>
            <th>{t.table.period}</th>
            <th>{t.table.name}</th>
            <th>{c.issued}</th>
            <th>{c.served}</th>
            <th>{c.noShows}</th>
            <th>{t.table.noShowRate}</th>
            <th>{c.avgWaitMinutes}</th>
            <th>{c.avgWalkMinutes}</th>
            <th>{c.avgServiceMinutes}</th>
            <th>{c.idleMinutes}</th>
            <th>{c.rated}</th>
            <th>{t.table.goodShare}</th>
            <th>{t.table.badRatings}</th>
            <th>{c.refusals}</th>
            <th>{c.cases}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={15}>{t.empty}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={`${r.period}|${r.key}`}>
                <td>{report.groupBy === 'month' ? r.period.slice(0, 7) : r.period}</td>
                <td>{report.by === 'hall' ? report.hall.name : (labels.get(r.key) ?? r.key)}</td>
                <td>{r.issued}</td>
                <td>{r.served}</td>
                <td>{r.noShows}</td>
                <td>{percent(r.noShowRate)}</td>
                <td>{fixed(r.avgWaitMinutes)}</td>
                <td>{fixed(r.avgWalkMinutes)}</td>
                <td>{fixed(r.avgServiceMinutes)}</td>
                <td>{fixed(r.idleMinutes, 0)}</td>
                <td>{r.rated}</td>
                <td>{percent(r.goodShare)}</td>
                <td>{r.badRatings}</td>
                <td>{r.refusals}</td>
                <td>{r.cases}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
