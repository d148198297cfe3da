'use client';

import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { LiveMetrics } from '@/server/contracts/leader-live';
import { useMessages } from '../i18n';
import { SatisfactionChart, ThroughputChart } from './charts';
import { AdviceList, CounterGrid, FairnessList, FlagWall, Kpi, Panel, ServiceList } from './panels';
import { ScreenHeader } from './screen-header';
import { minutesText, percent } from './text';
import { useLiveMetrics, useServerNow } from './use-live-metrics';

/** One hall's live big screen (/leader/[hall]), 1920×1080, updated by pushes over /leader. */
export function HallScreen({ initial }: { initial: LiveMetrics }) {
  const t = useMessages();
  const live = useLiveMetrics([initial]);
  const m = live.halls[0] ?? initial;
  const now = useServerNow(live.skewMs, 1_000);
  const ageMinutes = Math.max(0, Math.floor((now - new Date(m.at).getTime()) / 60_000));
  const waiting = m.services.reduce((n, s) => n + s.waiting, 0);
  const g = m.governance;
  const servedDelta = m.served.today - m.served.lastWeek;

  return (
    <div className="lb-screen" data-testid="leader-hall" data-hall={m.hall.slug}>
      <ScreenHeader title={m.hall.name} subtitle={t.leader.hallTitle} connection={live.connection} now={now} hallSlug={m.hall.slug} />
      <div className="lb-kpis">
        <Kpi label={t.leader.kpi.waiting} value={waiting} unit={t.leader.kpi.people} testId="kpi-waiting" />
        <Kpi
          label={t.leader.kpi.avgWait}
          value={minutesText(m.waits.averageMinutes)}
          unit={t.leader.kpi.minutes}
          sub={`${t.leader.kpi.p90Wait} ${minutesText(m.waits.p90Minutes)}`}
          tone={(m.waits.p90Minutes ?? 0) > m.thresholds.waitTargetMinutes ? 'lb-warn' : ''}
        />
        <Kpi label={t.leader.kpi.handling} value={minutesText(m.handling.averageMinutes)} unit={t.leader.kpi.minutes} />
        <Kpi
          label={t.leader.kpi.served}
          value={m.served.today}
          sub={
            <>
              {format(t.leader.kpi.vsLastWeek, { n: m.served.lastWeek })}{' '}
              <b className={servedDelta >= 0 ? 'lb-up' : 'lb-down'}>{servedDelta >= 0 ? `▲${servedDelta}` : `▼${-servedDelta}`}</b>
            </>
          }
          testId="kpi-served"
        />
        <Kpi
          label={t.leader.kpi.goodShare}
          value={percent(m.satisfaction.goodShare)}
          sub={
            <>
              {format(t.leader.kpi.rated, { n: m.satisfaction.rated })} · <span data-testid="kpi-bad-ratings">{format(t.leader.kpi.badRatings, { n: m.satisfaction.dissatisfied })}</span>
              <span className="lb-kpi-definition">{t.leader.kpi.ratingDefinition}</span>
            </>
          }
          tone={m.satisfaction.dissatisfied > 0 ? 'lb-warn' : ''}
          testId="kpi-good-share"
        />
        <Kpi label={t.leader.kpi.refusals} value={g.pendingRefusals} tone={g.pendingRefusals > 0 ? 'lb-warn' : ''} testId="kpi-refusals" />
        <Kpi label={t.leader.kpi.cases} value={g.openCases} sub={format(t.leader.kpi.overdue, { n: g.overdueCases })} tone={g.overdueCases > 0 ? 'lb-alert' : ''} />
        <Kpi label={t.leader.kpi.conditional} value={g.openConditional} sub={format(t.leader.kpi.overdue, { n: g.overdueConditional })} tone={g.overdueConditional > 0 ? 'lb-alert' : ''} />
        <Kpi label={t.leader.kpi.workOrders} value={g.openWorkOrders} sub={format(t.leader.kpi.overdue, { n: g.overdueWorkOrders })} tone={g.overdueWorkOrders > 0 ? 'lb-alert' : ''} />
      </div>
      <div className="lb-grid lb-grid-hall" id="governance">
        <div className="lb-col">
          <Panel title={t.leader.services} hint={format(t.leader.servicesHint, { target: m.thresholds.waitTargetMinutes })} className="lb-grow">
            <ServiceList services={m.services} hallTarget={m.thresholds.waitTargetMinutes} />
            <p className="lb-calibration" data-testid="eta-calibration">
              {m.calibration
                ? `${format(t.leader.calibration, { samples: m.calibration.samples, inside: m.calibration.inside, share: percent(m.calibration.inside / m.calibration.samples) })}${m.calibration.samples < 20 ? t.leader.calibrationFew : ''}`
                : t.leader.calibrationNone}
            </p>
          </Panel>
          <Panel title={t.leader.advice} className="lb-advice-panel">
            <AdviceList advice={m.advice} />
          </Panel>
        </div>
        <div className="lb-col">
          <Panel title={t.leader.throughput} className="lb-throughput">
            <ThroughputChart data={m.throughput} />
          </Panel>
          <Panel title={t.leader.counters} className="lb-grow">
            <CounterGrid counters={m.counters} now={now} />
          </Panel>
        </div>
        <div className="lb-col">
          <Panel title={`${t.leader.flags} · ${m.flags.length}`} className="lb-grow lb-flags-panel">
            <FlagWall flags={m.flags} ageMinutes={ageMinutes} max={9} />
          </Panel>
          <div className="lb-row">
            <Panel title={t.leader.satisfaction} className="lb-satisfaction">
              <SatisfactionChart satisfaction={m.satisfaction} />
            </Panel>
            <Panel title={t.leader.fairness} id="fairness" className="lb-fairness-panel">
              <FairnessList entries={m.fairness} />
            </Panel>
          </div>
        </div>
      </div>
      <footer className="lb-foot tabular">{format(t.leader.updatedAt, { time: shortTime(m.at) })}</footer>
    </div>
  );
}
