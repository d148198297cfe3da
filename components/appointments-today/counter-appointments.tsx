'use client';

import { useCallback, useRef, useState } from 'react';
import { apiGet } from '@/lib/api-client';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import { type CounterAppointments as Data, counterAppointments } from '@/server/contracts/appointments-today';
import { useMessages } from '../i18n';
import { RevealPhone } from '../personal-data/reveal-phone';
import { useStaffStream } from '../realtime/use-counter';
import './appointments-today.css';

/**
 * 今日预约 on the counter console: the bookings of the services this counter serves, with
 * their slot, the masked name and whether the citizen has checked in; a booking still waiting
 * shows its phone masked, with 查看完整号码 for a slot the counter must move. Refetched when an
 * `appointment.*` event of the hall arrives, or the link comes back.
 */
export function CounterAppointments({ hall, counterId, initial }: { hall: string; counterId: string; initial: Data }) {
  const t = useMessages();
  const a = t.appointmentsToday;
  const [data, setData] = useState(initial);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const result = await apiGet(`/api/v1/counters/${counterId}/appointments/today`, counterAppointments);
    if (mine === generation.current && result.ok) setData(result.data);
  }, [counterId]);

  useStaffStream((event) => {
    if (!event || event.type.startsWith('appointment.')) void refresh();
  });

  return (
    <section className="card appts-today" aria-labelledby="appts-today-title" data-testid="counter-appointments">
      <h2 id="appts-today-title" className="section-title">
        {a.title} <span className="muted tabular">{data.day}</span>
      </h2>
      <p className="muted appts-hint">{a.counterHint}</p>
      {data.appointments.length === 0 ? (
        <p className="muted">{a.counterEmpty}</p>
      ) : (
        <ul className="appts-list">
          {data.appointments.map((x) => (
            <li key={x.id} className={`appts-row is-${x.status}`} data-testid="counter-appointment" data-status={x.status}>
              <span className="tabular appts-slot">
                {shortTime(x.slotStart)}–{shortTime(x.slotEnd)}
              </span>
              <span className="appts-service">{x.serviceName}</span>
              <span className="appts-name">{x.nameMasked}</span>
              <span className={`tag appts-status is-${x.status}`}>
                {a.status[x.status]}
                {x.ticketNumber ? ` · ${format(a.ticket, { number: x.ticketNumber })}` : ''}
              </span>
              {x.phoneMasked ? <RevealPhone hall={hall} kind="appointment" id={x.id} masked={x.phoneMasked} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
