import { type Messages, format } from '@/lib/i18n';
import { calendarDay, shortTime } from '@/lib/time';
import type { DailyFlagView, DailyReport } from '@/server/contracts/daily-report';
import { LeaderNav } from '../leader/leader-nav';
import { CounterTable, GovernanceTable, ServiceTable } from './daily-tables';
import { dayParts, minutesText, percentText } from './format';
import { PrintButton } from './print-button';

function flagText(f: DailyFlagView, t: Messages): string {
  const m = t.dailyReport.flags;
  switch (f.kind) {
    case 'wait_over_target':
      return format(m.wait_over_target, { label: f.label, minutes: f.minutes.toFixed(1), target: f.target });
    case 'bad_ratings':
      return format(m.bad_ratings, { label: f.label, count: f.count });
    case 'overdue':
      return format(m.overdue[f.what], { count: f.count });
    case 'pending_refusals':
      return format(m.pending_refusals, { count: f.count });
  }
}

function Figure({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="daily-figure">
      <dt>{label}</dt>
      <dd className="tabular" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** 晨会日报 on one A4 page: the screen shows the controls, print shows only the report. */
export function DailyReportView({ report, t, error }: { report: DailyReport; t: Messages; error?: string | null }) {
  const m = t.dailyReport;
  const f = report.totals;
  const d = dayParts(report.day);
  const made = calendarDay(report.generatedAt);
  return (
    <div className="daily" data-testid="daily-page">
      <div className="daily-controls no-print">
        <LeaderNav current="daily" hallSlug={report.hall.slug} />
        <form method="get" action="/leader/daily" className="daily-form">
          <label>
            {m.day}
            <input type="date" name="day" defaultValue={report.day} data-testid="daily-day" />
          </label>
          {report.halls.length > 1 ? (
            <label>
              {m.hall}
              <select name="hall" defaultValue={report.hall.slug} data-testid="daily-hall">
                {report.halls.map((h) => (
                  <option key={h.slug} value={h.slug}>
                    {h.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <input type="hidden" name="hall" value={report.hall.slug} />
          )}
          <button type="submit" className="btn btn-secondary" data-testid="daily-show">
            {m.show}
          </button>
          <PrintButton label={m.print} testId="daily-print" />
        </form>
        {error ? (
          <p className="daily-error" role="alert" data-testid="daily-error">
            {error}
          </p>
        ) : null}
      </div>

      <article className="daily-sheet" data-testid="daily-sheet">
        <header className="daily-head">
          <h1>{format(m.heading, { hall: report.hall.name })}</h1>
          <p data-testid="daily-day-line">
            {format(m.dayLine, { ...d, weekday: t.display.weekdays[d.weekday] ?? '' })}
            {report.isToday ? <span className="daily-today"> · {m.todayNote}</span> : null}
          </p>
          <p className="daily-meta">
            {format(m.generatedAt, { time: `${made.year}-${made.month}-${made.day} ${shortTime(report.generatedAt)}` })} · {m.source}
          </p>
        </header>

        <section className="daily-section">
          <h2>{m.sections.volume}</h2>
          <dl className="daily-figures">
            <Figure label={m.volume.issued} value={f.issued} testId="daily-issued" />
            <Figure label={m.volume.called} value={f.called} testId="daily-called" />
            <Figure label={m.volume.served} value={f.served} testId="daily-served" />
            <Figure label={m.volume.noShows} value={f.noShows} testId="daily-no-shows" />
            <Figure label={m.volume.noShowRate} value={percentText(t, f.noShowRate)} testId="daily-no-show-rate" />
            <Figure label={m.volume.cancelled} value={f.cancelled} testId="daily-cancelled" />
            <Figure label={m.volume.transferred} value={f.transferred} testId="daily-transferred" />
          </dl>
        </section>

        <section className="daily-section">
          <h2>
            {m.sections.waits} <small>{format(m.waits.target, { n: report.waitTargetMinutes })}</small>
          </h2>
          <dl className="daily-figures">
            <Figure label={m.waits.avgWait} value={minutesText(t, f.avgWaitMinutes)} testId="daily-avg-wait" />
            <Figure label={m.waits.avgWalk} value={minutesText(t, f.avgWalkMinutes)} testId="daily-avg-walk" />
            <Figure label={m.waits.avgService} value={minutesText(t, f.avgServiceMinutes)} testId="daily-avg-service" />
          </dl>
          <ServiceTable rows={report.services} target={report.waitTargetMinutes} t={t} />
        </section>

        <div className="daily-pair">
        <section className="daily-section">
          <h2>{m.sections.ratings}</h2>
          {report.ratings.rated === 0 ? (
            <p className="daily-empty">{m.ratings.none}</p>
          ) : (
            <>
              <dl className="daily-figures">
                <Figure label={m.ratings.rated} value={report.ratings.rated} testId="daily-rated" />
                <Figure label={m.ratings.goodRate} value={percentText(t, report.ratings.goodRate)} testId="daily-good-rate" />
                <Figure label={m.ratings.good} value={report.ratings.good} testId="daily-good" />
                <Figure label={m.ratings.bad} value={report.ratings.bad} testId="daily-bad" />
                <Figure label={m.ratings.badRate} value={percentText(t, report.ratings.badRate)} testId="daily-bad-rate" />
              </dl>
              <p className="daily-levels" data-testid="daily-levels">
                {(Object.keys(m.ratings.levels) as Array<keyof typeof m.ratings.levels>).map((level) => (
                  <span key={level}>
                    {m.ratings.levels[level]} {f.levels[level]}
                  </span>
                ))}
              </p>
            </>
          )}
          <p className="daily-note" data-testid="daily-definition">
            {m.ratings.definition}
          </p>
        </section>

        <section className="daily-section">
          <h2>{m.sections.flags}</h2>
          {report.flags.length === 0 ? (
            <p className="daily-empty">{m.flags.none}</p>
          ) : (
            <ul className="daily-flags" data-testid="daily-flags">
              {report.flags.map((flag, i) => (
                <li key={i} data-kind={flag.kind}>
                  {flagText(flag, t)}
                </li>
              ))}
            </ul>
          )}
        </section>
        </div>

        <section className="daily-section">
          <h2>{m.sections.governance}</h2>
          <GovernanceTable g={report.governance} t={t} />
        </section>

        <section className="daily-section">
          <h2>{m.sections.counters}</h2>
          <CounterTable rows={report.counters} t={t} />
        </section>
      </article>
    </div>
  );
}
