'use client';

import { useEffect, useState } from 'react';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { shortTime } from '@/lib/time';
import type { TicketView } from '@/server/contracts/api';
import type { CitizenMoves } from '@/server/contracts/citizen-ticket';
import { useMessages } from '../i18n';
import { useCitizenCommand } from './citizen-command';
import { ticketSchema } from './lazy-schema';

const ticketPath = (token: string, action: string) => `/api/v1/tickets/${encodeURIComponent(token)}/${action}`;

interface MoveProps {
  token: string;
  onTicket: (ticket: TicketView) => void;
  refresh: () => Promise<void>;
}

/** "我需要再等 5 分钟": a confirmation that says how far, then the place it moved to. */
export function MoreTime({ token, offer, onTicket, refresh }: MoveProps & { offer: NonNullable<CitizenMoves['moreTime']> }) {
  const t = useMessages();
  const m = t.ticketLive.moreTime;
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<{ places: number; to: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const command = useCitizenCommand(ticketPath(token, 'delay'), ticketSchema('delayResponse'));

  async function move() {
    setError(null);
    const result = await command.run();
    if (!result) return;
    setConfirming(false);
    if (result.ok) {
      setDone({ places: result.data.delay.to - result.data.delay.from, to: result.data.delay.to });
      onTicket(result.data.ticket);
    } else {
      setError(result.error.code === 'CONFLICT' ? m.refused : describeApiError(result.error, t));
      if (result.error.code === 'CONFLICT') await refresh();
    }
  }

  const messages = (
    <>
      {done ? (
        <p className="alert alert-success" role="status" data-testid="more-time-done">
          {format(m.done, done)}
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert" data-testid="more-time-error">
          {error}
        </p>
      ) : null}
    </>
  );

  if (offer.used) {
    return (
      <>
        {messages}
        {done ? null : (
          <p className="muted-line" data-testid="more-time-used">
            {format(m.used, { minutes: offer.minutes })}
          </p>
        )}
      </>
    );
  }
  if (!offer.available) return messages;
  return (
    <>
      {messages}
      {confirming ? (
        <div className="card confirm-box more-time-confirm" role="group" aria-label={format(m.button, { minutes: offer.minutes })}>
          <p>{format(m.confirm, { places: offer.places, minutes: offer.minutes })}</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" data-testid="btn-more-time-confirm" disabled={command.busy} onClick={() => void move()}>
              {command.busy ? m.moving : m.confirmYes}
            </button>
            <button type="button" className="btn btn-ghost" disabled={command.busy} onClick={() => setConfirming(false)}>
              {m.confirmNo}
            </button>
          </div>
        </div>
      ) : (
        <div className="more-time">
          <button type="button" className="btn btn-secondary btn-block" data-testid="btn-more-time" onClick={() => setConfirming(true)}>
            {format(m.button, { minutes: offer.minutes })}
          </button>
          <p className="muted-line">{m.hint}</p>
        </div>
      )}
    </>
  );
}

/**
 * "重新排队" after a no-show, until the deadline; past it, or a second time, the plain answer.
 * At the deadline the page asks the server again, whose clock decides.
 */
export function Rejoin({
  token,
  offer,
  onTicket,
  refresh,
}: MoveProps & { offer: NonNullable<CitizenMoves['rejoin']> }) {
  const t = useMessages();
  const r = t.ticketLive.rejoin;
  const [error, setError] = useState<string | null>(null);
  const command = useCitizenCommand(ticketPath(token, 'rejoin'), ticketSchema('rejoinResponse'));

  useEffect(() => {
    if (!offer.available) return;
    const ms = new Date(offer.until).getTime() - Date.now() + 1_000;
    const timer = window.setTimeout(() => void refresh(), Math.max(1_000, Math.min(ms, 2_147_000_000)));
    return () => window.clearTimeout(timer);
  }, [offer.available, offer.until, refresh]);

  async function rejoin() {
    setError(null);
    const result = await command.run();
    if (!result) return;
    if (result.ok) onTicket(result.data.ticket);
    else if (result.error.code === 'CONFLICT') {
      setError(r.refused);
      await refresh();
    } else setError(describeApiError(result.error, t));
  }

  const until = shortTime(offer.until);
  const answer = offer.used ? r.used : offer.expired ? format(r.expired, { minutes: offer.minutes, time: until }) : null;
  return (
    <section className="card rejoin-card" aria-labelledby="rejoin-title" data-testid="rejoin-card">
      <h2 className="section-title" id="rejoin-title">
        {r.title}
      </h2>
      {answer ? (
        <p className="rejoin-answer" data-testid="rejoin-closed">
          {answer}
        </p>
      ) : (
        <>
          <p>{format(r.body, { time: until })}</p>
          {error ? null : (
            <button type="button" className="btn btn-primary btn-block" data-testid="btn-rejoin" disabled={command.busy} onClick={() => void rejoin()}>
              {command.busy ? r.joining : r.button}
            </button>
          )}
        </>
      )}
      {error && !answer ? (
        <p className="alert alert-error" role="alert" data-testid="rejoin-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
