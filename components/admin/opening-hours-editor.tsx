'use client';

import type { z } from 'zod';
import type { openingHours } from '@/server/contracts/admin';
import { useMessages } from '../i18n';

export type OpeningHours = z.infer<typeof openingHours>;
/** One row per weekday (1 = Monday … 7 = Sunday), each with its periods in order. */
export type WeekGrid = Record<number, { from: string; to: string }[]>;

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

export function toGrid(hours: OpeningHours): WeekGrid {
  const grid: WeekGrid = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
  for (const p of hours) for (const d of p.weekdays) grid[d]?.push({ from: p.from, to: p.to });
  for (const d of weekdays) grid[d]?.sort((a, b) => a.from.localeCompare(b.from));
  return grid;
}

/** Back to the wire shape: one entry per distinct period, listing the weekdays that have it. */
export function fromGrid(grid: WeekGrid): OpeningHours {
  const byPeriod = new Map<string, { weekdays: number[]; from: string; to: string }>();
  for (const d of weekdays)
    for (const p of grid[d] ?? []) {
      const key = `${p.from}-${p.to}`;
      const entry = byPeriod.get(key) ?? { weekdays: [], from: p.from, to: p.to };
      entry.weekdays.push(d);
      byPeriod.set(key, entry);
    }
  return [...byPeriod.values()].sort((a, b) => a.from.localeCompare(b.from));
}

/** The usual hall week: mornings and afternoons Monday to Friday with a lunch break (午休). */
export const standardWeek = (): WeekGrid => {
  const day = () => [
    { from: '09:00', to: '12:00' },
    { from: '13:30', to: '17:00' },
  ];
  return { 1: day(), 2: day(), 3: day(), 4: day(), 5: day(), 6: [], 7: [] };
};

/**
 * Weekdays × periods: each day lists its periods; the gap between two of them is the
 * lunch break (午休), shown as such so the admin sees it at a glance.
 */
export function OpeningHoursEditor({ id, grid, onChange, error }: { id: string; grid: WeekGrid; onChange: (g: WeekGrid) => void; error?: string | undefined }) {
  const t = useMessages();
  const setDay = (d: number, periods: { from: string; to: string }[]) => onChange({ ...grid, [d]: periods });
  const monday = grid[1] ?? [];
  // No period on any day means no hours are set (a service is then open whenever the hall
  // does not enforce hours), not "closed every day": say so instead of 不开放 seven times.
  const unset = weekdays.every((d) => (grid[d] ?? []).length === 0);
  return (
    <div className="adm-hours" data-testid={id} data-invalid={error ? 'true' : undefined}>
      {unset ? <p className="muted" data-testid={`${id}-unset`}>{t.admin.hours.unset}</p> : null}
      <table className="adm-table adm-hours-table">
        <tbody>
          {weekdays.map((d) => {
            const periods = grid[d] ?? [];
            return (
              <tr key={d} data-testid={`${id}-day-${d}`}>
                <th scope="row">{t.admin.weekdays[d - 1]}</th>
                <td>
                  {periods.length === 0 && !unset ? <span className="muted">{t.admin.hours.closed}</span> : null}
                  {periods.map((p, i) => (
                    <span key={i} className="adm-period">
                      {i > 0 ? <span className="adm-lunch">{t.admin.hours.lunch}</span> : null}
                      <input
                        type="time"
                        className="input adm-time"
                        aria-label={`${t.admin.weekdays[d - 1]} ${t.admin.hours.from} ${i + 1}`}
                        value={p.from}
                        onChange={(e) => setDay(d, periods.map((q, j) => (j === i ? { ...q, from: e.target.value } : q)))}
                      />
                      –
                      <input
                        type="time"
                        className="input adm-time"
                        aria-label={`${t.admin.weekdays[d - 1]} ${t.admin.hours.to} ${i + 1}`}
                        value={p.to}
                        onChange={(e) => setDay(d, periods.map((q, j) => (j === i ? { ...q, to: e.target.value } : q)))}
                      />
                      <button type="button" className="btn btn-ghost btn-small" aria-label={t.admin.hours.remove} onClick={() => setDay(d, periods.filter((_, j) => j !== i))}>
                        ✕
                      </button>
                    </span>
                  ))}
                </td>
                <td className="adm-hours-actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => setDay(d, [...periods, periods.length === 0 ? { from: '09:00', to: '12:00' } : { from: '13:30', to: '17:00' }])}
                  >
                    + {t.admin.hours.add}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onChange(standardWeek())}>
          {t.admin.hours.standard}
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => onChange({ ...grid, 2: [...monday], 3: [...monday], 4: [...monday], 5: [...monday] })}
        >
          {t.admin.hours.copyMonday}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(toGrid([]))}>
          {t.admin.hours.clear}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
