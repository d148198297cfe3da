'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { LiveMetrics, RedFlagView } from '@/server/contracts/leader-live';
import { useMessages } from '../i18n';
import { adviceText, durationText, flagText, percent } from './text';

export function Panel({ title, hint, id, className = '', children }: { title: string; hint?: string; id?: string; className?: string; children: ReactNode }) {
  return (
    <section className={`lb-panel ${className}`} id={id} aria-label={title}>
      <h2 className="lb-panel-title">
        <span className="lb-panel-name">{title}</span>
        {hint ? <span className="lb-panel-hint">{hint}</span> : null}
      </h2>
      <div className="lb-panel-body">{children}</div>
    </section>
  );
}

export function Kpi({ label, value, unit, sub, tone = '', testId }: { label: string; value: ReactNode; unit?: string; sub?: ReactNode; tone?: string; testId?: string }) {
  return (
    <div className={`lb-kpi ${tone}`} data-testid={testId}>
      <div className="lb-kpi-label">{label}</div>
      <div className="lb-kpi-value">
        <span className="lb-kpi-number" data-testid={testId ? `${testId}-value` : undefined}>
          {value}
        </span>
        {unit ? <span className="lb-kpi-unit">{unit}</span> : null}
      </div>
      {sub ? <div className="lb-kpi-sub">{sub}</div> : null}
    </div>
  );
}

/** The red-flag wall: the most severe first, each linked to where its detail is. */
export function FlagWall({ flags, ageMinutes, max, hallName }: { flags: Array<RedFlagView & { hallName?: string }>; ageMinutes: number; max: number; hallName?: boolean }) {
  const t = useMessages();
  if (flags.length === 0) return <p className="lb-empty lb-calm" data-testid="flags-none">{t.leader.noFlags}</p>;
  const shown = flags.slice(0, max);
  return (
    <ul className="lb-flags" data-testid="flag-wall">
      {shown.map((f) => (
        <li key={`${f.hallName ?? ''}${f.key}`} className={`lb-flag lb-flag-${f.severity}`} data-testid="flag" data-kind={f.kind}>
          <Link href={f.href}>
            <span className="lb-flag-tag">{t.leader.severity[f.severity]}</span>
            <span className="lb-flag-text">
              {hallName && f.hallName ? <b className="lb-flag-hall">{f.hallName}</b> : null}
              {flagText(t, f, ageMinutes)}
            </span>
          </Link>
        </li>
      ))}
      {flags.length > max ? <li className="lb-flag-more">{format(t.leader.moreFlags, { n: flags.length - max })}</li> : null}
    </ul>
  );
}

export function CounterGrid({ counters, now }: { counters: LiveMetrics['counters']; now: number }) {
  const t = useMessages();
  return (
    <ul className="lb-counters" data-testid="counter-grid">
      {counters.map((c) => {
        const minutes = (now - new Date(c.since).getTime()) / 60_000;
        return (
          <li key={c.id} id={`counter-${c.id}`} className={`lb-counter lb-counter-${c.activity}`} data-testid="counter-card" data-number={c.number} data-activity={c.activity}>
            <div className="lb-counter-head">
              <span className="lb-counter-number">{c.number}</span>
              <span className="lb-counter-state">{t.leader.activity[c.activity]}</span>
            </div>
            <div className="lb-counter-line">
              {c.serving ? <b className="lb-counter-ticket">{c.serving.number}</b> : null}
              {/* A closed counter is not "closed for 3 hours": since when is only news while it works or pauses. */}
              {c.activity === 'closed' ? null : <span data-testid="counter-since">{durationText(t, minutes)}</span>}
            </div>
            <div className="lb-util" title={t.leader.utilisation}>
              <span className="lb-util-bar" style={{ width: `${Math.round((c.utilisation ?? 0) * 100)}%` }} />
            </div>
            <div className="lb-counter-foot">
              <span>{percent(c.utilisation)}</span>
              <span data-testid="counter-served">{format(t.leader.servedCount, { n: c.served })}</span>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function AdviceList({ advice }: { advice: LiveMetrics['advice'] }) {
  const t = useMessages();
  if (advice.length === 0) return <p className="lb-empty lb-calm">{t.leader.noAdvice}</p>;
  return (
    <ul className="lb-advice" data-testid="advice">
      {advice.map((a) => (
        <li key={a.serviceId} className={`lb-advice-item lb-advice-${a.reason}`}>
          {adviceText(t, a)}
        </li>
      ))}
    </ul>
  );
}

export function FairnessList({ entries }: { entries: LiveMetrics['fairness'] }) {
  const t = useMessages();
  if (entries.length === 0) return <p className="lb-empty">{t.leader.noFairness}</p>;
  return (
    <ul className="lb-fairness" data-testid="fairness">
      {entries.map((e) => (
        <li key={e.seq}>
          <span>{format(t.leader.fairnessLine, { time: shortTime(e.at), counter: e.counterNumber, number: e.number, skipped: e.skipped })}</span>
          <span className="lb-fairness-reason">{e.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** Waiting per service as bars scaled to the longest queue; red over the wait target. */
export function ServiceList({ services, hallTarget }: { services: LiveMetrics['services']; hallTarget: number }) {
  const t = useMessages();
  const most = Math.max(1, ...services.map((s) => s.waiting));
  return (
    <ul className="lb-services">
      {services.map((s) => (
        <li key={s.id} id={`service-${s.id}`} className={s.overTarget ? 'lb-over' : ''} data-testid="service-row" data-prefix={s.prefix}>
          <span className="lb-service-name">
            <b>{s.prefix}</b> {s.name}
            {s.targetMinutes !== hallTarget && <small className="lb-service-target">{format(t.leader.ownTarget, { n: s.targetMinutes })}</small>}
          </span>
          <span className="lb-service-bar">
            <span style={{ width: `${(s.waiting / most) * 100}%` }} />
          </span>
          <span className="lb-service-waiting" data-testid="service-waiting">
            {format(t.leader.waitingCount, { n: s.waiting })}
          </span>
          <span className="lb-service-eta">{s.waiting > 0 ? format(t.leader.estimate, s.etaMinutes) : '—'}</span>
        </li>
      ))}
    </ul>
  );
}
