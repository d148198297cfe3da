'use client';

import Link from 'next/link';
import { format } from '@/lib/i18n';
import type { LiveMetrics } from '@/server/contracts/leader-live';
import { useMessages } from '../i18n';
import { HallsChart } from './charts';
import { FlagWall, Kpi, Panel } from './panels';
import { ScreenHeader } from './screen-header';
import { minutesText, percent } from './text';
import { useLiveMetrics, useServerNow } from './use-live-metrics';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The district screen (/leader): every hall's headline figures and red flags, each hall a click away. */
export function DistrictScreen({ initial }: { initial: LiveMetrics[] }) {
  const t = useMessages();
  const live = useLiveMetrics(initial);
  const now = useServerNow(live.skewMs, 1_000);
  const halls = live.halls;
  const rated = sum(halls.map((h) => h.satisfaction.rated));
  const good = sum(halls.map((h) => (h.satisfaction.goodShare ?? 0) * h.satisfaction.rated));
  const bad = sum(halls.map((h) => h.satisfaction.dissatisfied));
  const called = sum(halls.map((h) => h.waits.called));
  const avgWait = called === 0 ? null : sum(halls.map((h) => (h.waits.averageMinutes ?? 0) * h.waits.called)) / called;
  const flags = halls
    .flatMap((h) => h.flags.map((f) => ({ ...f, hallName: h.hall.name })))
    .sort((a, b) => ['high', 'warn', 'info'].indexOf(a.severity) - ['high', 'warn', 'info'].indexOf(b.severity));
  const oldest = Math.min(...halls.map((h) => new Date(h.at).getTime()));
  const ageMinutes = Math.max(0, Math.floor((now - oldest) / 60_000));

  return (
    <div className="lb-screen" data-testid="leader-district">
      <ScreenHeader title={t.leader.districtTitle} subtitle={t.leader.title} connection={live.connection} now={now} />
      <div className="lb-kpis">
        <Kpi label={t.leader.kpi.halls} value={halls.length} />
        <Kpi label={t.leader.kpi.waiting} value={sum(halls.map((h) => sum(h.services.map((s) => s.waiting))))} unit={t.leader.kpi.people} testId="kpi-waiting" />
        <Kpi label={t.leader.kpi.avgWait} value={minutesText(avgWait === null ? null : Math.round(avgWait * 10) / 10)} unit={t.leader.kpi.minutes} />
        <Kpi
          label={t.leader.kpi.served}
          value={sum(halls.map((h) => h.served.today))}
          sub={format(t.leader.kpi.vsLastWeek, { n: sum(halls.map((h) => h.served.lastWeek)) })}
          testId="kpi-served"
        />
        <Kpi
          label={t.leader.kpi.goodShare}
          value={percent(rated === 0 ? null : good / rated)}
          sub={
            <>
              {format(t.leader.kpi.rated, { n: rated })} · {format(t.leader.kpi.badRatings, { n: bad })}
              <span className="lb-kpi-definition">{t.leader.kpi.ratingDefinition}</span>
            </>
          }
          tone={bad > 0 ? 'lb-warn' : ''}
          testId="kpi-good-share"
        />
        <Kpi label={t.leader.kpi.refusals} value={sum(halls.map((h) => h.governance.pendingRefusals))} />
        <Kpi
          label={t.leader.kpi.cases}
          value={sum(halls.map((h) => h.governance.openCases))}
          sub={format(t.leader.kpi.overdue, { n: sum(halls.map((h) => h.governance.overdueCases)) })}
        />
        <Kpi label={t.leader.kpi.flags} value={flags.length} tone={flags.some((f) => f.severity === 'high') ? 'lb-alert' : ''} />
      </div>
      <div className="lb-grid lb-grid-district">
        <div className="lb-col">
          <ul className="lb-halls">
            {halls.map((h) => (
              <HallCard key={h.hall.id} hall={h} />
            ))}
          </ul>
          <Panel title={`${t.leader.kpi.waiting} / ${t.leader.kpi.served}`} className="lb-grow">
            <HallsChart halls={halls} />
          </Panel>
        </div>
        <div className="lb-col">
          <Panel title={`${t.leader.flags} · ${flags.length}`} className="lb-grow lb-flags-panel">
            <FlagWall flags={flags} ageMinutes={ageMinutes} max={14} hallName />
          </Panel>
        </div>
      </div>
    </div>
  );
}

function HallCard({ hall: h }: { hall: LiveMetrics }) {
  const t = useMessages();
  const open = h.counters.filter((c) => c.activity !== 'closed').length;
  const serving = h.counters.filter((c) => c.activity === 'serving').length;
  const high = h.flags.filter((f) => f.severity === 'high').length;
  return (
    <li className={`lb-hall ${high > 0 ? 'lb-hall-alert' : ''}`} data-testid="hall-card" data-hall={h.hall.slug}>
      <Link href={`/leader/${encodeURIComponent(h.hall.slug)}`} className="lb-hall-link">
        <h2 className="lb-hall-name">{h.hall.name}</h2>
        <dl className="lb-hall-figures">
          <div>
            <dt>{t.leader.kpi.waiting}</dt>
            <dd data-testid="hall-waiting">{sum(h.services.map((s) => s.waiting))}</dd>
          </div>
          <div>
            <dt>{t.leader.kpi.avgWait}</dt>
            <dd>{minutesText(h.waits.averageMinutes)}</dd>
          </div>
          <div>
            <dt>{t.leader.kpi.served}</dt>
            <dd data-testid="hall-served">{h.served.today}</dd>
            <dd className="lb-hall-compare">{format(t.leader.kpi.vsLastWeek, { n: h.served.lastWeek })}</dd>
          </div>
          <div>
            <dt>{t.leader.kpi.goodShare}</dt>
            <dd>{percent(h.satisfaction.goodShare)}</dd>
            <dd className="lb-hall-compare">{format(t.leader.kpi.badRatings, { n: h.satisfaction.dissatisfied })}</dd>
          </div>
        </dl>
        <p className="lb-hall-foot">
          <span>{format(t.leader.hallCard.counters, { serving, open })}</span>
          <span className={h.flags.length > 0 ? 'lb-hall-flags' : ''}>{format(t.leader.hallCard.flags, { n: h.flags.length })}</span>
          <span className="lb-hall-open">{t.leader.hallCard.open} →</span>
        </p>
      </Link>
    </li>
  );
}
