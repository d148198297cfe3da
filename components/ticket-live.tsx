'use client';

import Link from 'next/link';
import { type ReactNode, useRef, useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type Messages, format, rich } from '@/lib/i18n';
import { clockTime, shortTime } from '@/lib/time';
import type { TicketView } from '@/server/contracts/api';
import { CaseReports, RefusalNotice } from './citizen-governance';
import { ConditionalNotices } from './conditional/citizen-conditional';
import { EtaText } from './eta-text';
import { useMessages } from './i18n';
import { RatingForm } from './rating-form';
import { AlertCard, NearlyBanner } from './ticket/alert-card';
import { ticketSchema } from './ticket/lazy-schema';
import { MoreTime, Rejoin } from './ticket/ticket-moves';
import { alertStageOf, useTicketAlerts } from './ticket/use-ticket-alerts';
import { RatingReply } from './rating-reply';
import { useLiveTicket } from './use-live-ticket';

function statusLabel(ticket: TicketView, t: Messages): ReactNode {
  if (ticket.status === 'called') {
    if (ticket.counterNumber === null) return t.ticket.status.calledNoCounter;
    return rich(t.ticket.status.called, {
      counter: (
        <span className="ticket-counter" data-testid="ticket-counter">
          {ticket.counterNumber}
        </span>
      ),
    });
  }
  // An approved refusal ends the visit as completed; the citizen must read "not accepted".
  if (ticket.status === 'completed' && ticket.notice) return t.ticket.notice.status;
  return t.ticket.status[ticket.status];
}

function statusNote(ticket: TicketView, t: Messages): string | null {
  switch (ticket.status) {
    case 'called':
      return ticket.counterName ? format(t.ticket.goToHint, { name: ticket.counterName }) : null;
    case 'serving':
      return ticket.counterNumber === null ? null : format(t.ticket.servingAt, { counter: ticket.counterNumber });
    case 'no_show':
      // When the citizen may rejoin, the rejoin card says what to do instead.
      return ticket.moves?.rejoin ? null : t.ticket.note.no_show;
    case 'parked':
    case 'cancelled':
    case 'transferred':
      return t.ticket.note[ticket.status];
    default:
      return null;
  }
}

export function TicketLive({ token, initial }: { token: string; initial: TicketView }) {
  const t = useMessages();
  const live = useLiveTicket(token, initial);
  const ticket = live.data;
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [justRated, setJustRated] = useState(false);
  const inFlight = useRef(false);
  const nearlyAhead = ticket.moves?.nearlyAhead ?? 3;
  const alerts = useTicketAlerts(ticket, nearlyAhead);
  const nearly = alertStageOf(ticket, nearlyAhead).stage === 'nearly';

  async function cancel() {
    if (inFlight.current) return;
    inFlight.current = true;
    setCancelling(true);
    setError(null);
    const result = await apiPost(`/api/v1/tickets/${encodeURIComponent(token)}/cancel`, ticketSchema('ticketViewResponse'));
    inFlight.current = false;
    setCancelling(false);
    setConfirming(false);
    if (result.ok) live.replace(result.data.ticket);
    else setError(describeApiError(result.error, t));
  }

  const note = statusNote(ticket, t);
  const waiting = ticket.status === 'waiting';
  const finished = ticket.status === 'completed' || ticket.status === 'cancelled' || ticket.status === 'no_show';

  return (
    <div className="ticket">
      <p className="eyebrow">
        {ticket.hall.name} · {t.ticket.title}
      </p>
      <section className={`card ticket-hero is-${ticket.status}`} aria-labelledby="ticket-number">
        <p className="ticket-service">{ticket.serviceName}</p>
        <p className="ticket-number tabular" id="ticket-number" data-testid="ticket-number">
          {ticket.number}
        </p>
        <p className="ticket-status" data-testid="ticket-status" role="status" aria-live="assertive">
          {statusLabel(ticket, t)}
        </p>
        {note ? <p className="ticket-note">{note}</p> : null}
      </section>

      {ticket.notice ? <RefusalNotice notice={ticket.notice} /> : null}
      {ticket.conditional?.length ? <ConditionalNotices token={token} items={ticket.conditional} onChanged={() => void live.refresh()} /> : null}

      {nearly ? <NearlyBanner ahead={Math.max(0, (ticket.position ?? 1) - 1)} /> : null}
      {ticket.moves?.rejoin ? <Rejoin token={token} offer={ticket.moves.rejoin} onTicket={live.replace} refresh={live.refresh} /> : null}

      {waiting ? (
        <section className="card ticket-stats">
          <div className="stat">
            <span className="stat-label">{t.ticket.ahead}</span>
            <span className="stat-value tabular">
              <strong data-testid="ticket-ahead">{Math.max(0, (ticket.position ?? 1) - 1)}</strong>
              <small>{t.ticket.aheadUnit}</small>
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">{t.ticket.eta}</span>
            <span className="stat-value stat-value-text tabular" data-testid="ticket-eta">
              {ticket.etaMinutes ? <EtaText low={ticket.etaMinutes.low} high={ticket.etaMinutes.high} /> : '—'}
            </span>
          </div>
          {ticket.etaReasons.length > 0 ? (
            <ul className="eta-reasons">
              {ticket.etaReasons.map((r) => (
                <li key={r}>{t.ticket.etaReason[r]}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      {waiting || ticket.status === 'called' ? <AlertCard alerts={alerts} /> : null}

      {ticket.status === 'completed' && ticket.rated && !justRated ? (
        <p className="muted-line" data-testid="rating-done">
          {t.ticketLive.rating.rated}
        </p>
      ) : null}
      {ticket.status === 'completed' && !ticket.rated ? (
        <RatingForm
          token={token}
          onRated={() => {
            setJustRated(true);
            void live.refresh();
          }}
        />
      ) : null}
      <RatingReply reply={ticket.ratingReply} />
      {justRated ? (
        <p className="alert alert-success" role="status" data-testid="rating-thanks">
          {t.ticket.rating.thanks}
        </p>
      ) : null}

      <dl className="card facts">
        <div>
          <dt>{t.ticket.service}</dt>
          <dd>{ticket.serviceName}</dd>
        </div>
        <div>
          <dt>{t.ticket.issuedAt}</dt>
          <dd className="tabular">{shortTime(ticket.issuedAt)}</dd>
        </div>
        {ticket.phoneMasked ? (
          <div>
            <dt>{t.ticket.phone}</dt>
            <dd className="tabular" data-testid="ticket-phone">
              {ticket.phoneMasked}
            </dd>
          </div>
        ) : null}
      </dl>

      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}

      {ticket.moves?.moreTime ? (
        <MoreTime token={token} offer={ticket.moves.moreTime} onTicket={live.replace} refresh={live.refresh} />
      ) : null}

      {waiting ? (
        confirming ? (
          <div className="card confirm-box" role="group" aria-label={t.ticket.cancel}>
            <p>{t.ticket.cancelConfirm}</p>
            <div className="button-row">
              <button type="button" className="btn btn-danger" data-testid="btn-cancel-confirm" disabled={cancelling} onClick={() => void cancel()}>
                {cancelling ? t.ticket.cancelling : t.ticket.cancelYes}
              </button>
              <button type="button" className="btn btn-ghost" disabled={cancelling} onClick={() => setConfirming(false)}>
                {t.ticket.cancelNo}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="btn btn-outline-danger btn-block" data-testid="btn-cancel" onClick={() => setConfirming(true)}>
            {t.ticket.cancel}
          </button>
        )
      ) : null}

      <CaseReports token={token} hall={ticket.hall.slug} cases={ticket.cases ?? []} onSent={() => void live.refresh()} />

      {finished ? (
        <Link className="btn btn-ghost btn-block" href={`/take/${ticket.hall.slug}`}>
          {t.ticket.takeAnother}
        </Link>
      ) : null}

      <p className="updated-line tabular" data-testid="updated-at">
        {live.failing ? <span className="offline">{t.common.offline}</span> : null}
        {live.updatedAt === null ? '\u00a0' : format(t.common.updatedAt, { time: clockTime(live.updatedAt) })}
      </p>
    </div>
  );
}
