'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { format } from '@/lib/i18n';
import type { LiveMetrics } from '@/server/contracts/leader-live';
import { useMessages } from '../i18n';
import { useMounted } from '../use-mounted';

const axis = { stroke: '#6f8db8', fontSize: 14, tickLine: false };
const palette = { issued: '#2fd3ff', served: '#38e08b', grid: '#1c3358' };

function ThroughputChartBody({ data }: { data: LiveMetrics['throughput'] }) {
  const t = useMessages();
  const mounted = useMounted();
  const rows = data.map((d) => ({ ...d, label: format(t.leader.hour, { hour: d.hour }) }));
  return (
    <div className="lb-chart" data-testid="chart-throughput">
      {mounted ? (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -18 }} maxBarSize={56}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} interval={0} />
            <YAxis {...axis} allowDecimals={false} />
            <Legend wrapperStyle={{ color: '#cfe3ff', fontSize: 14 }} />
            <Bar dataKey="issued" name={t.leader.issued} fill={palette.issued} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            <Bar dataKey="served" name={t.leader.servedSeries} fill={palette.served} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}

const levelColours: Record<string, string> = {
  very_satisfied: '#38e08b',
  satisfied: '#2fd3ff',
  basically_satisfied: '#ffc857',
  dissatisfied: '#ff8a4c',
  very_dissatisfied: '#ff4d5a',
};

function SatisfactionChartBody({ satisfaction }: { satisfaction: LiveMetrics['satisfaction'] }) {
  const t = useMessages();
  const mounted = useMounted();
  const rows = Object.entries(satisfaction.byLevel)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => ({ level, name: t.leader.levels[level as keyof typeof t.leader.levels], value: n }));
  if (rows.length === 0) return <p className="lb-empty">{t.leader.noRatings}</p>;
  return (
    <div className="lb-chart" data-testid="chart-satisfaction">
      {mounted ? (
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie data={rows} dataKey="value" nameKey="name" innerRadius="55%" outerRadius="85%" stroke="none" isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.level} fill={levelColours[r.level] ?? '#888'} />
              ))}
            </Pie>
            <Legend layout="vertical" align="right" verticalAlign="middle" wrapperStyle={{ color: '#cfe3ff', fontSize: 14 }} />
          </PieChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}

function HallsChartBody({ halls }: { halls: LiveMetrics[] }) {
  const t = useMessages();
  const mounted = useMounted();
  const rows = halls.map((h) => ({
    label: h.hall.name.length > 10 ? `${h.hall.name.slice(0, 10)}…` : h.hall.name,
    waiting: h.services.reduce((n, s) => n + s.waiting, 0),
    served: h.served.today,
  }));
  return (
    <div className="lb-chart" data-testid="chart-halls">
      {mounted ? (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -18 }} maxBarSize={56}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis dataKey="label" {...axis} interval={0} />
            <YAxis {...axis} allowDecimals={false} />
            <Legend wrapperStyle={{ color: '#cfe3ff', fontSize: 14 }} />
            <Bar dataKey="waiting" name={t.leader.kpi.waiting} fill={palette.issued} isAnimationActive={false} />
            <Bar dataKey="served" name={t.leader.kpi.served} fill={palette.served} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      ) : null}
    </div>
  );
}

// The screens re-render every second for their clocks; a chart redraws only when its figures change.
export const ThroughputChart = memo(ThroughputChartBody);
export const SatisfactionChart = memo(SatisfactionChartBody);
export const HallsChart = memo(HallsChartBody);
