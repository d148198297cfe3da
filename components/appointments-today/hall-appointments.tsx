'use client';

import { useCallback, useRef, useState } from 'react';
import { apiGet } from '@/lib/api-client';
import { shortTime } from '@/lib/time';
import { type HallAppointments as Data, type SlotCounts, hallAppointments } from '@/server/contracts/appointments-today';
import { useMessages } from '../i18n';
import { useLeaderStream } from '../realtime/use-counter';
import './appointments-today.css';

const columns = ['booked', 'checkedIn', 'noShow', 'cancelled'] as const satisfies ReadonlyArray<keyof SlotCounts>;

/**
 * 今日预约 for /duty and the leaders' hall screen: per service and slot, how many are booked,
 * checked in, missed (no-show) or cancelled. Refetched on `appointment.*` events over /leader.
 */
export function HallAppointments({ hall, initial }: { hall: string; initial: Data }) {
  const t = useMessages();
  const a = t.appointmentsToday;
  const [data, setData] = useState(initial);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiGet(`/api/v1/halls/${encodeURIComponent(hall)}/appointments/today`, hallAppointments);
    if (mine === generation.current && result.ok) setData(result.data);
  }, [hall]);

  useLeaderStream((event) => {
    if (!event || event.type.startsWith('appointment.')) void refresh();
  });

  const cells = (c: SlotCounts) => columns.map((k) => <td key={k} className="tabular" data-col={k}>{c[k]}</td>);

  return (
    <section id="appointments" className="card appts-today appts-hall" aria-labelledby="appts-hall-title" data-testid="hall-appointments">
      <h2 id="appts-hall-title" className="section-title">
        {a.title} <span className="muted tabular">{data.day}</span>
      </h2>
      <p className="muted appts-hint">{a.hallHint}</p>
      {data.services.length === 0 ? (
        <p className="muted">{a.hallEmpty}</p>
      ) : (
        <table className="appts-table">
          <thead>
            <tr>
              <th scope="col">{a.service}</th>
              <th scope="col">{a.slot}</th>
              {columns.map((k) => (
                <th key={k} scope="col">
                  {a[k]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.services.flatMap((s) =>
              s.slots.map((slot, i) => (
                <tr key={`${s.serviceId}-${slot.start}`} data-testid="hall-appointment-slot" data-service={s.serviceName} data-start={slot.start}>
                  {i === 0 ? <th scope="row" rowSpan={s.slots.length}>{s.serviceName}</th> : null}
                  <td className="tabular">
                    {shortTime(slot.start)}–{shortTime(slot.end)}
                  </td>
                  {cells(slot)}
                </tr>
              )),
            )}
          </tbody>
          <tfoot>
            <tr data-testid="hall-appointment-totals">
              <th scope="row" colSpan={2}>
                {a.total}
              </th>
              {cells(data.totals)}
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
