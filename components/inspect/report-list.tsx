'use client';

import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import type { InspectionReportView } from '@/server/contracts/rectification';
import { useMessages } from '../i18n';

/** The inspector's own reports, newest first, with how far each one's work order has come. */
export function ReportList({ reports }: { reports: InspectionReportView[] }) {
  const t = useMessages();
  const i = t.inspect;
  return (
    <section className="inspect-mine" aria-labelledby="inspect-mine">
      <h2 id="inspect-mine" className="section-title">
        {i.mine}
      </h2>
      {reports.length === 0 ? <p className="card muted">{i.noReports}</p> : null}
      {reports.map((r) => (
        <article key={r.id} className="card inspect-report" data-testid="inspect-report">
          <header className="inspect-report-head">
            <strong>{r.hall.name}</strong>
            <span className="muted tabular">{dayAndTime(r.visitedAt)}</span>
          </header>
          <p className="muted">
            {r.serviceName ?? ''}
            {r.counterNumber !== null ? ` · ${format(t.rectification.counter, { number: r.counterNumber })}` : ''}
          </p>
          <p>{r.summary}</p>
          {r.problems.length > 0 ? (
            <ul className="inspect-problems">
              {r.problems.map((p, n) => (
                <li key={n}>{p}</li>
              ))}
            </ul>
          ) : null}
          {r.photos.length > 0 ? (
            <ul className="inspect-thumbs inspect-thumbs-filed">
              {r.photos.map((p, n) => (
                <li key={p.id} data-testid="inspect-report-photo">
                  <a href={p.url} target="_blank" rel="noreferrer">
                    <img src={p.url} width={p.width} height={p.height} alt={format(i.photoAlt, { n: n + 1 })} loading="lazy" />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="inspect-status" data-testid="inspect-report-status">
            {r.workOrder ? format(i.orderStep, { step: t.rectification.steps[r.workOrder.step] }) : i.noOrder}
          </p>
          {r.workOrder?.answer ? (
            <p className="inspect-feedback">
              <span className="field-label">{i.feedback}</span>
              {r.workOrder.answer}
            </p>
          ) : null}
        </article>
      ))}
    </section>
  );
}
