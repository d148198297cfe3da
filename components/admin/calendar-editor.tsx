'use client';

import { useState } from 'react';
import type { z } from 'zod';
import type { calendar } from '@/server/contracts/admin';
import { useMessages } from '../i18n';

export type HallCalendar = z.infer<typeof calendar>;

/**
 * Public holidays (closed days) and 调休 weekend workdays, each working with the hours of
 * a weekday (hoursOf, Monday by default), as the State Council's notice lists them.
 */
export function CalendarEditor({ value, onChange, error }: { value: HallCalendar; onChange: (c: HallCalendar) => void; error?: string | undefined }) {
  const t = useMessages();
  const [closed, setClosed] = useState('');
  const [workday, setWorkday] = useState('');
  const [hoursOf, setHoursOf] = useState(1);
  const closedDays = [...value.closedDays].sort();
  const workdays = [...value.workdays].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <div className="adm-calendar" data-testid="calendar-editor">
      <section>
        <h3>{t.admin.calendar.closedDays}</h3>
        <p className="field-hint">{t.admin.calendar.closedHint}</p>
        <ul className="chip-row" data-testid="calendar-closed">
          {closedDays.map((d) => (
            <li key={d} className="chip">
              {d}
              <button type="button" className="adm-chip-x" aria-label={`${t.admin.hours.remove} ${d}`} onClick={() => onChange({ ...value, closedDays: value.closedDays.filter((x) => x !== d) })}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <div className="button-row">
          <input type="date" className="input adm-date" aria-label={t.admin.calendar.closedDays} value={closed} onChange={(e) => setClosed(e.target.value)} />
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={!closed || value.closedDays.includes(closed)}
            onClick={() => {
              onChange({ ...value, closedDays: [...value.closedDays, closed] });
              setClosed('');
            }}
          >
            + {t.admin.calendar.addClosed}
          </button>
        </div>
      </section>
      <section>
        <h3>{t.admin.calendar.workdays}</h3>
        <p className="field-hint">{t.admin.calendar.workdaysHint}</p>
        <ul className="chip-row" data-testid="calendar-workdays">
          {workdays.map((w) => (
            <li key={w.day} className="chip">
              {w.day} · {t.admin.calendar.hoursOf.replace('{day}', t.admin.weekdays[(w.hoursOf ?? 1) - 1] ?? '')}
              <button type="button" className="adm-chip-x" aria-label={`${t.admin.hours.remove} ${w.day}`} onClick={() => onChange({ ...value, workdays: value.workdays.filter((x) => x.day !== w.day) })}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <div className="button-row">
          <input type="date" className="input adm-date" aria-label={t.admin.calendar.workdays} value={workday} onChange={(e) => setWorkday(e.target.value)} />
          <select className="input adm-select" aria-label={t.admin.calendar.hoursOfLabel} value={hoursOf} onChange={(e) => setHoursOf(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d} value={d}>
                {t.admin.calendar.hoursOf.replace('{day}', t.admin.weekdays[d - 1] ?? '')}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={!workday || value.workdays.some((w) => w.day === workday)}
            onClick={() => {
              onChange({ ...value, workdays: [...value.workdays, { day: workday, hoursOf }] });
              setWorkday('');
            }}
          >
            + {t.admin.calendar.addWorkday}
          </button>
        </div>
      </section>
      {error ? (
        <p className="field-error" role="alert" data-testid="error-calendar">
          {error}
        </p>
      ) : null}
    </div>
  );
}
