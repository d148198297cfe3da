import { type Messages, format } from '@/lib/i18n';
import type { DailyReport, DailyRow } from '@/server/contracts/daily-report';
import { minutesText } from './format';

/** 二、等候与办理 by service: the day's rows of history by service. */
export function ServiceTable({ rows, target, t }: { rows: DailyRow[]; target: number; t: Messages }) {
  const m = t.dailyReport.table;
  if (rows.length === 0) return <p className="daily-empty">{m.empty}</p>;
  return (
    <table className="daily-table" data-testid="daily-services">
      <thead>
        <tr>
          <th>{m.service}</th>
          <th>{m.issued}</th>
          <th>{m.served}</th>
          <th>{m.noShows}</th>
          <th>{m.avgWait}</th>
          <th>{m.avgService}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label ?? m.unattributed}</th>
            <td>{r.figures.issued}</td>
            <td>{r.figures.served}</td>
            <td>{r.figures.noShows}</td>
            <td className={r.figures.avgWaitMinutes !== null && r.figures.avgWaitMinutes > target ? 'is-over' : undefined}>
              {minutesText(t, r.figures.avgWaitMinutes)}
            </td>
            <td>{minutesText(t, r.figures.avgServiceMinutes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 六、各窗口: served, handling, open time and 差评 per counter. */
export function CounterTable({ rows, t }: { rows: DailyRow[]; t: Messages }) {
  const m = t.dailyReport.table;
  if (rows.length === 0) return <p className="daily-empty">{m.empty}</p>;
  return (
    <table className="daily-table" data-testid="daily-counters">
      <thead>
        <tr>
          <th>{m.counter}</th>
          <th>{m.served}</th>
          <th>{m.avgService}</th>
          <th>{m.open}</th>
          <th>{m.rated}</th>
          <th>{m.bad}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <th scope="row">{r.label ?? m.unattributed}</th>
            <td>{r.figures.served}</td>
            <td>{minutesText(t, r.figures.avgServiceMinutes)}</td>
            <td>{r.figures.openMinutes === null ? t.dailyReport.none : format(t.dailyReport.minutes, { value: Math.round(r.figures.openMinutes) })}</td>
            <td>{r.ratings.rated}</td>
            <td className={r.ratings.bad > 0 ? 'is-over' : undefined}>{r.ratings.bad}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 五、治理事项: what the day added, and what stands open now. */
export function GovernanceTable({ g, t }: { g: DailyReport['governance']; t: Messages }) {
  const m = t.dailyReport.governance;
  const rows: Array<[string, string, number, number | null, number | null]> = [
    ['refusals', m.refusals, g.refusals, g.now.pendingRefusals, null],
    ['conditional', m.conditional, g.conditional, g.now.openConditional, g.now.overdueConditional],
    ['cases', m.cases, g.cases, g.now.openCases, g.now.overdueCases],
    ['workOrders', m.workOrders, g.workOrders, g.now.openWorkOrders, g.now.overdueWorkOrders],
  ];
  return (
    <>
      <table className="daily-table" data-testid="daily-governance">
        <thead>
          <tr>
            <th>{m.item}</th>
            <th>{m.thatDay}</th>
            <th>{m.openNow}</th>
            <th>{m.overdueNow}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, label, day, open, overdue]) => (
            <tr key={key} data-testid={`daily-gov-${key}`}>
              <th scope="row">{label}</th>
              <td data-field="day">{day}</td>
              <td data-field="open">{open ?? t.dailyReport.none}</td>
              <td data-field="overdue" className={overdue ? 'is-over' : undefined}>
                {overdue ?? t.dailyReport.none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="daily-note">{format(m.refusalsNote, { n: g.refusals, approved: g.refusalsApproved, pending: g.now.pendingRefusals })}</p>
    </>
  );
}
