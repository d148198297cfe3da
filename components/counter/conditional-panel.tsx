'use client';

import { forwardRef } from 'react';
import { format } from '@/lib/i18n';
import type { Acceptance } from '@/server/contracts/conditional';
import { useMessages } from '../i18n';
import { RevealPhone } from '../personal-data/reveal-phone';
import { PrintLink, printHref } from '../print/print-link';
import { Kbd } from './kbd';

interface Props {
  /** The hall's slug, for 查看完整号码 (the 容缺提醒 call). */
  hall: string;
  acceptances: Acceptance[];
  idle: boolean;
  onFulfil: (item: Acceptance) => void;
  onWithdraw: (item: Acceptance) => void;
}

/** How far a deadline is, in the words the counter reads at a glance. */
export function DueLabel({ item }: { item: Acceptance }) {
  const c = useMessages().conditional;
  if (item.overdue) return <span className="due due-overdue">{format(c.overdueBy, { n: Math.max(1, -item.daysLeft) })}</span>;
  if (item.daysLeft === 0) return <span className="due due-soon">{c.dueToday}</span>;
  return <span className={`due${item.dueSoon ? ' due-soon' : ''}`}>{format(c.dueIn, { n: item.daysLeft })}</span>;
}

/**
 * 容缺待补: the hall's acceptances still waiting for their items, overdue first in red. The
 * D key brings the focus here; Tab moves between the buttons and Enter presses one.
 */
export const ConditionalPanel = forwardRef<HTMLElement, Props>(function ConditionalPanel({ hall, acceptances, idle, onFulfil, onWithdraw }, ref) {
  const t = useMessages();
  const c = t.conditional;
  const overdue = acceptances.filter((a) => a.overdue);
  const ordered = [...overdue, ...acceptances.filter((a) => !a.overdue)];
  return (
    <section className="card side-card conditional-panel" aria-labelledby="conditional-title" data-testid="conditional-panel" ref={ref} tabIndex={-1}>
      <div className="side-head">
        <h2 id="conditional-title">
          {c.panelTitle} <Kbd keys={['D']} />
        </h2>
        <span className="muted tabular">
          {format(c.panelCount, { n: acceptances.length })}
          {overdue.length > 0 ? (
            <span className="tag tag-overdue" data-testid="conditional-overdue-count">
              {format(c.panelOverdue, { n: overdue.length })}
            </span>
          ) : null}
        </span>
      </div>
      {ordered.length === 0 ? (
        <p className="muted side-empty">{c.panelEmpty}</p>
      ) : (
        <ul className="conditional-list">
          {ordered.map((item) => (
            <li key={item.id} className={`conditional-item${item.overdue ? ' is-overdue' : ''}`} data-testid="conditional-item" data-number={item.number} data-overdue={item.overdue}>
              <div className="conditional-line">
                <b className="tabular">{item.number}</b>
                <span className="muted">{item.serviceName}</span>
                <DueLabel item={item} />
              </div>
              <p className="conditional-items-text">{item.missingItems.join('、')}</p>
              {item.phoneMasked ? <RevealPhone hall={hall} kind="conditional_acceptance" id={item.id} masked={item.phoneMasked} /> : null}
              <div className="conditional-line">
                <span className="muted tabular">
                  {format(c.deadlineOn, { day: item.deadlineDay.slice(5) })} · {c.status[item.status]} · {format(c.fromCounter, { counter: item.counterNumber, name: item.staffName })}
                </span>
                <span className="conditional-actions">
                  <button type="button" className="btn btn-small btn-success" data-testid="conditional-fulfil" disabled={!idle} onClick={() => onFulfil(item)}>
                    {c.fulfil}
                  </button>
                  <PrintLink href={printHref(item.ticketId, 'commitment', { acceptance: item.id })} label={t.print.actions.commitment} testId="conditional-print" className="btn btn-small btn-ghost" />
                  <button type="button" className="btn btn-small btn-ghost" data-testid="conditional-withdraw" disabled={!idle} onClick={() => onWithdraw(item)}>
                    {c.withdraw}
                  </button>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
