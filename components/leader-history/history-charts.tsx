'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryReport } from '@/server/contracts/metrics-history';
import { useMessages } from '../i18n';

const axis = { stroke: '#8ea3c0', fontSize: 12 };
const grid = '#22324a';
const tooltip = { contentStyle: { background: '#0d1a2c', border: '1px solid #2b3f5c', color: '#e6eefb' }, labelStyle: { color: '#e6eefb' } };
const colors = { a: '#3ba1ff', b: '#3ad29f', c: '#ffb443', d: '#ff6b6b', e: '#b58cff', f: '#8ea3c0' };

/** Periods as short labels: 11-03 for a day or week, 2026-11 for a month. */
const tick = (period: string, groupBy: HistoryReport['groupBy']) => (groupBy === 'month' ? period.slice(0, 7) : period.slice(5));

function Panel({ title, testId, height, children }: { title: string; testId: string; height?: number; children: React.ReactNode }) {
  return (
    <div className="history-panel" data-testid={testId}>
      <h2>{title}</h2>
      <div className="history-chart" style={height ? { height } : undefined}>
        {children}
      </div>
    </div>
  );
}

/**
 * A line needs two points: a range of one period draws its points as dots, so it is not
 * blank. Filled in the series' colour, so a dot reads as that series in the legend.
 */
const dotsFor = (points: number, color: string) => (points < 2 ? { r: 6, strokeWidth: 2, fill: color, stroke: color } : false);

/** One point per period of the range, zero where the hall had no activity. */
function series(report: HistoryReport) {
  const byPeriod = new Map(report.rows.map((r) => [r.period, r]));
  return report.periods.map((period) => ({ period: tick(period, report.groupBy), row: byPeriod.get(period) }));
}

export function VolumeChart({ report }: { report: HistoryReport }) {
  const m = useMessages().leaderHistory;
  const data = series(report).map(({ period, row }) => ({
    period,
    issued: row?.issued ?? 0,
    served: row?.served ?? 0,
    noShows: row?.noShows ?? 0,
    transferred: row?.transferred ?? 0,
  }));
  return (
    <Panel title={m.charts.volumes} testId="chart-volumes">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={grid} vertical={false} />
          <XAxis dataKey="period" tick={axis} stroke={grid} minTickGap={12} />
          <YAxis tick={axis} stroke={grid} width={44} />
          <Tooltip {...tooltip} />
          <Legend wrapperStyle={{ color: '#c9d6ea', fontSize: 12 }} />
          <Bar dataKey="issued" name={m.series.issued} fill={colors.a} isAnimationActive={false} />
          <Bar dataKey="served" name={m.series.served} fill={colors.b} isAnimationActive={false} />
          <Bar dataKey="noShows" name={m.series.noShows} fill={colors.d} isAnimationActive={false} />
          <Bar dataKey="transferred" name={m.series.transferred} fill={colors.c} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Panel>
  );
}

export function TimesChart({ report }: { report: HistoryReport }) {
  const m = useMessages().leaderHistory;
  const data = series(report).map(({ period, row }) => ({
    period,
    wait: row?.avgWaitMinutes ?? null,
    walk: row?.avgWalkMinutes ?? null,
    service: row?.avgServiceMinutes ?? null,
  }));
  return (
    <Panel title={m.charts.times} testId="chart-times">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={grid} vertical={false} />
          <XAxis dataKey="period" tick={axis} stroke={grid} minTickGap={12} />
          <YAxis tick={axis} stroke={grid} width={44} />
          <Tooltip {...tooltip} />
          <Legend wrapperStyle={{ color: '#c9d6ea', fontSize: 12 }} />
          <Line dataKey="wait" name={m.series.wait} stroke={colors.c} dot={dotsFor(data.length, colors.c)} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line dataKey="walk" name={m.series.walk} stroke={colors.e} dot={dotsFor(data.length, colors.e)} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line dataKey="service" name={m.series.service} stroke={colors.a} dot={dotsFor(data.length, colors.a)} strokeWidth={2} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </Panel>
  );
}

export function SatisfactionChart({ report }: { report: HistoryReport }) {
  const m = useMessages().leaderHistory;
  const data = series(report).map(({ period, row }) => ({
    period,
    share: row?.goodShare === null || row?.goodShare === undefined ? null : Math.round(row.goodShare * 1000) / 10,
    efficiency: row?.avgEfficiency ?? null,
    serviceLevel: row?.avgServiceLevel ?? null,
    attitude: row?.avgAttitude ?? null,
  }));
  return (
    <Panel title={m.charts.satisfaction} testId="chart-satisfaction">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={grid} vertical={false} />
          <XAxis dataKey="period" tick={axis} stroke={grid} minTickGap={12} />
          <YAxis yAxisId="share" tick={axis} stroke={grid} width={44} domain={[0, 100]} />
          <YAxis yAxisId="score" orientation="right" tick={axis} stroke={grid} width={32} domain={[1, 5]} />
          <Tooltip {...tooltip} />
          <Legend wrapperStyle={{ color: '#c9d6ea', fontSize: 12 }} />
          <Line yAxisId="share" dataKey="share" name={m.series.goodShare} stroke={colors.b} dot={dotsFor(data.length, colors.b)} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line yAxisId="score" dataKey="efficiency" name={m.series.efficiency} stroke={colors.a} dot={dotsFor(data.length, colors.a)} connectNulls isAnimationActive={false} />
          <Line yAxisId="score" dataKey="serviceLevel" name={m.series.serviceLevel} stroke={colors.e} dot={dotsFor(data.length, colors.e)} connectNulls isAnimationActive={false} />
          <Line yAxisId="score" dataKey="attitude" name={m.series.attitude} stroke={colors.c} dot={dotsFor(data.length, colors.c)} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </Panel>
  );
}

/** The breakdown over the whole range: counts add up across periods. */
export function BreakdownChart({ report, labels }: { report: HistoryReport | null; labels: Map<string, string> }) {
  const m = useMessages().leaderHistory;
  const totals = new Map<string, { name: string; issued: number; served: number; noShows: number }>();
  for (const row of report?.rows ?? []) {
    const t = totals.get(row.key) ?? { name: labels.get(row.key) ?? row.key, issued: 0, served: 0, noShows: 0 };
    t.issued += row.issued;
    t.served += row.served;
    t.noShows += row.noShows;
    totals.set(row.key, t);
  }
  const data = (report?.keys ?? []).map((k) => totals.get(k.key)).filter((x) => x !== undefined);
  return (
    // One bar of 22 px a key at least, so every name can be read.
    <Panel title={report ? `${m.charts.breakdown} · ${m.byOptions[report.by]}` : m.charts.breakdown} testId="chart-breakdown" height={Math.max(240, data.length * 22 + 50)}>
      {report ? (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 12, bottom: 0, left: 8 }}>
            <CartesianGrid stroke={grid} horizontal={false} />
            <XAxis type="number" tick={axis} stroke={grid} />
            <YAxis type="category" dataKey="name" tick={axis} stroke={grid} width={120} interval={0} />
            <Tooltip {...tooltip} />
            <Legend wrapperStyle={{ color: '#c9d6ea', fontSize: 12 }} />
            <Bar dataKey="served" name={m.series.served} stackId="a" fill={colors.b} isAnimationActive={false} />
            <Bar dataKey="noShows" name={m.series.noShows} stackId="a" fill={colors.d} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : (
        <p className="history-hint">{m.breakdownHint}</p>
      )}
    </Panel>
  );
}
