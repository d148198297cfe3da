'use client';

import { format } from '@/lib/i18n';
import { useAcceptances } from '../conditional/use-acceptances';
import { DueLabel } from '../counter/conditional-panel';
import { useMessages } from '../i18n';
import { RevealPhone } from '../personal-data/reveal-phone';

/**
 * 容缺受理 for the duty leader: every acceptance of the hall still waiting for its items,
 * overdue ones first and in red, so the leader can chase them. Follows the board's live link.
 */
export function ConditionalSection({ hall, tick }: { hall: string; tick: number | null }) {
  const t = useMessages();
  const c = t.conditional;
  const { data } = useAcceptances(hall, tick);
  const all = data?.acceptances ?? [];
  const overdue = all.filter((a) => a.overdue);
  const ordered = [...overdue, ...all.filter((a) => !a.overdue)];
  return (
    <section className="duty-conditional" aria-labelledby="duty-conditional-title" data-testid="duty-conditional">
      <h2 id="duty-conditional-title" className="section-title">
        {c.dutyTitle} <span className="duty-count tabular">{all.length}</span>
        {overdue.length > 0 ? <span className="tag duty-overdue" data-testid="duty-conditional-overdue">{`${t.duty.overdue} ${overdue.length}`}</span> : null}
      </h2>
      {ordered.length === 0 ? <p className="card muted duty-empty">{c.dutyEmpty}</p> : null}
      <ul className="conditional-list">
        {ordered.map((item) => (
          <li key={item.id} className={`card conditional-item${item.overdue ? ' is-overdue' : ''}`} data-testid="duty-conditional-item" data-number={item.number} data-overdue={item.overdue}>
            <div className="conditional-line">
              <b className="tabular">{item.number}</b>
              <span className="muted">{item.serviceName}</span>
              <DueLabel item={item} />
            </div>
            <p className="conditional-items-text">{item.missingItems.join('、')}</p>
            <p className="conditional-line muted tabular">
              <span>
                {format(c.deadlineOn, { day: item.deadlineDay })} · {c.status[item.status]}
              </span>
              <span>
                {format(c.fromCounter, { counter: item.counterNumber, name: item.staffName })}
              </span>
            </p>
            {item.phoneMasked ? <RevealPhone hall={hall} kind="conditional_acceptance" id={item.id} masked={item.phoneMasked} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
