'use client';

import { useMemo, useState } from 'react';
import { adminStaffList, rosterBody, rosterResponse } from '@/server/contracts/admin';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { adminRequest, hallPath } from './admin-api';
import { FormStatus } from './form-kit';
import { describeAdminError } from './form-errors';
import { useAdminData } from './use-admin-data';

const pad = (n: number) => String(n).padStart(2, '0');
/** The month the admin's browser is in; the hall's day is read by the server. */
function thisMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
}
function shiftMonth(month: string, by: number): string {
  const [y = 2026, m = 1] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
/** The month's days laid out Monday first, with blanks before the 1st. */
function monthCells(month: string): (string | null)[] {
  const [y = 2026, m = 1] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay() || 7;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells: (string | null)[] = Array.from({ length: first - 1 }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${month}-${pad(d)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  return cells;
}

/** /admin/[hall]/duty: the leader on duty for each day of a month (领导值班), set day by day. */
export function RosterCalendar({ hall }: { hall: string }) {
  const t = useMessages();
  const r = t.admin.roster;
  const [month, setMonth] = useState(thisMonth);
  const roster = useAdminData(`${hallPath(hall, 'duty-roster')}?month=${month}`, rosterResponse);
  const staff = useAdminData(hallPath(hall, 'staff'), adminStaffList);
  /** What the admin changed and has not saved yet, by day; everything else shows what is saved. */
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // The saved roster is read straight from the data, never copied into state by an effect: a
  // copy arriving after the admin's choice would replace it and the save would lose it.
  const savedChoice = useMemo(() => {
    const out: Record<string, string> = {};
    for (const d of roster.data?.days ?? []) if (d.source === 'roster' && d.staff) out[d.day] = d.staff.id;
    return out;
  }, [roster.data]);
  const choiceOf = (day: string) => edits[day] ?? savedChoice[day] ?? '';
  // Choices are taken once this month's roster and the staff are in.
  const ready = staff.data !== null && (roster.data?.days ?? []).some((d) => d.day.startsWith(month));
  const leaders = (staff.data?.staff ?? []).filter((s) => s.active && (s.role === 'leader' || s.role === 'admin'));
  const byDay = new Map((roster.data?.days ?? []).map((d) => [d.day, d]));

  async function save() {
    const days = monthCells(month)
      .filter((d): d is string => d !== null)
      .map((day) => ({ day, staffId: choiceOf(day) || null }));
    const parsed = rosterBody.safeParse({ days });
    if (!parsed.success) return;
    setBusy(true);
    const result = await adminRequest('PUT', hallPath(hall, 'duty-roster'), rosterResponse, parsed.data);
    setBusy(false);
    if (!result.ok) {
      setError(describeAdminError(result.error, t));
      return;
    }
    setError(null);
    setEdits({});
    setSaved(true);
    roster.setData(result.data);
  }

  const loadError = roster.error ?? staff.error;
  return (
    <div className="adm-stack">
      <header className="adm-heading adm-heading-row">
        <h1>{r.title}</h1>
        <div className="button-row">
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setMonth(shiftMonth(month, -1))} data-testid="roster-prev">‹ {r.prev}</button>
          <strong className="adm-month" data-testid="roster-month">{format(r.month, { year: month.slice(0, 4), month: Number(month.slice(5)) })}</strong>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setMonth(shiftMonth(month, 1))} data-testid="roster-next">{r.next} ›</button>
        </div>
      </header>
      <p className="field-hint">{r.hint}</p>
      {loadError ? <p className="alert alert-error" role="alert">{describeAdminError(loadError, t)}</p> : null}
      <section className="card">
        <div className="adm-month-grid" data-testid="roster-calendar">
          {t.admin.weekdays.map((w) => (
            <div key={w} className="adm-month-head">{w}</div>
          ))}
          {monthCells(month).map((day, i) =>
            day ? (
              <div key={day} className="adm-month-cell" data-testid={`roster-${day}`}>
                <span className="adm-month-day tabular">{Number(day.slice(8))}</span>
                <select
                  className="input adm-select"
                  aria-label={format(r.leaderOf, { day })}
                  value={choiceOf(day)}
                  disabled={!ready}
                  onChange={(e) => {
                    const value = e.target.value;
                    setEdits((now) => ({ ...now, [day]: value }));
                    setSaved(false);
                  }}
                >
                  <option value="">{byDay.get(day)?.source === 'default' && byDay.get(day)?.staff ? format(r.defaultLeader, { name: byDay.get(day)?.staff?.displayName ?? '' }) : r.nobody}</option>
                  {leaders.map((l) => (
                    <option key={l.id} value={l.id}>{l.displayName}</option>
                  ))}
                </select>
              </div>
            ) : (
              <div key={`blank-${i}`} className="adm-month-cell is-blank" />
            ),
          )}
        </div>
        <div className="adm-savebar">
          <FormStatus error={error} saved={saved} savedText={t.admin.form.saved} />
          <button type="button" className="btn btn-primary" disabled={busy || !ready} onClick={() => void save()} data-testid="roster-save">
            {t.admin.form.save}
          </button>
        </div>
      </section>
    </div>
  );
}
