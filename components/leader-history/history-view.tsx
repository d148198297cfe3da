'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { apiGet } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { type HistoryQuery, type HistoryReport, historyQuery, historyReport } from '@/server/contracts/metrics-history';
import { useMessages } from '../i18n';
import { BreakdownChart, SatisfactionChart, TimesChart, VolumeChart } from './history-charts';
import { HistoryTable } from './history-table';

const presets = [
  ['last7', 7],
  ['last30', 30],
  ['last90', 90],
  ['last365', 365],
] as const;

/** A YYYY-MM-DD day moved by n days (calendar arithmetic, no time zone). */
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const queryString = (q: HistoryQuery) => new URLSearchParams({ from: q.from, to: q.to, groupBy: q.groupBy, by: q.by }).toString();

/** Why a range cannot be shown, in the reader's words; null when the contract accepts it. */
function rangeProblem(query: HistoryQuery, words: { missing: string; reversed: string; tooLong: string }): string | null {
  if (!query.from || !query.to) return words.missing;
  if (historyQuery.safeParse(query).success) return null;
  return query.from > query.to ? words.reversed : words.tooLong;
}

/** The history page: range, period and breakdown; charts of the hall over time, the breakdown, a table and the CSV. */
export function HistoryView({ hall, today, initial }: { hall: { slug: string; name: string }; today: string; initial: HistoryReport }) {
  const t = useMessages();
  const m = t.leaderHistory;
  const [query, setQuery] = useState<HistoryQuery>({ from: initial.from, to: initial.to, groupBy: initial.groupBy, by: initial.by });
  const [overall, setOverall] = useState<HistoryReport>(initial);
  const [breakdown, setBreakdown] = useState<HistoryReport | null>(initial.by === 'hall' ? null : initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/v1/halls/${encodeURIComponent(hall.slug)}/metrics/history`;

  // The server rendered the first query; every change after it is fetched.
  const rendered = useRef(true);
  useEffect(() => {
    if (rendered.current) {
      rendered.current = false;
      return;
    }
    if (!historyQuery.safeParse(query).success) return;
    const abort = new AbortController();
    setLoading(true);
    setError(null);
    const hallQuery = { ...query, by: 'hall' as const };
    void Promise.all([
      apiGet(`${base}?${queryString(hallQuery)}`, historyReport, abort.signal),
      query.by === 'hall' ? Promise.resolve(null) : apiGet(`${base}?${queryString(query)}`, historyReport, abort.signal),
    ]).then(([whole, split]) => {
      if (abort.signal.aborted) return;
      setLoading(false);
      if (!whole.ok) return setError(describeApiError(whole.error, t));
      if (split && !split.ok) return setError(describeApiError(split.error, t));
      setOverall(whole.data);
      setBreakdown(split?.data ?? null);
    });
    return () => abort.abort();
  }, [query, base, t]);

  // The contract's own rules (from ≤ to, at most a year): a range it refuses is said, not ignored.
  const rangeError = rangeProblem(query, m.rangeErrors);
  const shown = breakdown ?? overall;
  const labels = useMemo(() => new Map(shown.keys.map((k) => [k.key, k.label ?? m.unattributed])), [shown, m.unattributed]);
  const minutes = (v: number | null) => (v === null ? '—' : format(m.minutesValue, { value: v.toFixed(1) }));
  const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const tiles: [string, string][] = [
    [m.summary.issued, overall.totals.issued.toLocaleString()],
    [m.summary.served, overall.totals.served.toLocaleString()],
    [m.summary.avgWait, minutes(overall.totals.avgWaitMinutes)],
    [m.summary.avgService, minutes(overall.totals.avgServiceMinutes)],
    [m.summary.noShowRate, percent(overall.totals.noShowRate)],
    [m.summary.goodShare, percent(overall.totals.goodShare)],
    [m.summary.badRatings, String(overall.totals.badRatings)],
    [m.summary.refusals, String(overall.totals.refusals)],
    [m.summary.cases, String(overall.totals.cases)],
  ];

  return (
    <div className="history-page" data-testid="history-page" aria-busy={loading}>
      <header className="history-header">
        <div>
          <h1>
            {hall.name} · {m.title}
          </h1>
          <p className="history-range" data-testid="history-range">
            {overall.from} — {overall.to}
          </p>
        </div>
        <a className="history-back" href="/leader">
          ← {m.backToLive}
        </a>
      </header>
      <form className="history-controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          {m.from}
          <input type="date" value={query.from} onChange={(e) => setQuery({ ...query, from: e.target.value })} aria-invalid={rangeError !== null} data-testid="history-from" />
        </label>
        <label>
          {m.to}
          <input type="date" value={query.to} onChange={(e) => setQuery({ ...query, to: e.target.value })} aria-invalid={rangeError !== null} data-testid="history-to" />
        </label>
        <div className="history-presets">
          {presets.map(([key, n]) => (
            <button key={key} type="button" onClick={() => setQuery({ ...query, from: addDays(today, 1 - n), to: today })}>
              {m.presets[key]}
            </button>
          ))}
        </div>
        <label>
          {m.groupBy}
          <select value={query.groupBy} onChange={(e) => setQuery({ ...query, groupBy: e.target.value as HistoryQuery['groupBy'] })} data-testid="history-group-by">
            {(['day', 'week', 'month'] as const).map((g) => (
              <option key={g} value={g}>
                {m.groupByOptions[g]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {m.by}
          <select value={query.by} onChange={(e) => setQuery({ ...query, by: e.target.value as HistoryQuery['by'] })} data-testid="history-by">
            {(['hall', 'service', 'counter', 'staff'] as const).map((b) => (
              <option key={b} value={b}>
                {m.byOptions[b]}
              </option>
            ))}
          </select>
        </label>
        {rangeError ? null : (
          <a className="history-csv" href={`${base}.csv?${queryString(query)}`} download data-testid="history-csv">
            {m.downloadCsv}
          </a>
        )}
      </form>
      {rangeError ? (
        <p className="history-error" role="alert" data-testid="history-range-error">
          {format(m.rangeErrors.shown, { problem: rangeError, from: overall.from, to: overall.to })}
        </p>
      ) : null}
      {error ? <p className="history-error">{format(m.failed, { message: error })}</p> : null}
      {loading ? <p className="history-loading">{m.loading}</p> : null}
      <section className="history-tiles">
        {tiles.map(([label, value]) => (
          <div className="history-tile" key={label}>
            <span>{label}</span>
            <strong>{value}</strong>
          </div>
        ))}
      </section>
      <section className="history-grid">
        <VolumeChart report={overall} />
        <TimesChart report={overall} />
        <SatisfactionChart report={overall} />
        <BreakdownChart report={breakdown} labels={labels} />
      </section>
      <p className="history-definition" data-testid="history-rating-definition">
        {m.ratingDefinition}
      </p>
      <HistoryTable report={shown} labels={labels} />
    </div>
  );
}
