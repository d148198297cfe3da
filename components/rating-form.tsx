'use client';

import { useId, useRef, useState } from 'react';
import { apiPost, newIdempotencyKey } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import type { RatingBody, ratingLevel } from '@/server/contracts/api';
import { useMessages } from './i18n';
import { ticketSchema } from './ticket/lazy-schema';

type Level = (typeof ratingLevel.options)[number];
/** ratingLevel's options in its order, without loading zod on the ticket page (checked both ways below). */
const levels = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const satisfies readonly Level[];
const everyLevel: Exclude<Level, (typeof levels)[number]> extends never ? true : false = true;
void everyLevel;
type Indicator = 'efficiency' | 'serviceLevel' | 'attitude';
const indicators: Indicator[] = ['efficiency', 'serviceLevel', 'attitude'];
const scores = [1, 2, 3, 4, 5] as const;
const commentMax = 500;

/** One on-site indicator (办事效率, 服务水平, 服务态度): five stars, each a radio with its words. */
function StarScale({ name, legend, value, onChange }: { name: Indicator; legend: string; value: number | null; onChange: (n: number) => void }) {
  const t = useMessages().ticketLive.rating;
  return (
    <fieldset className="star-scale" data-testid={`rating-${name}`}>
      <legend>
        {legend}
        <span className="star-words" aria-hidden="true">
          {value === null ? '' : t.scoreWords[value - 1]}
        </span>
      </legend>
      <div className="stars">
        {scores.map((n) => (
          <label key={n} className={`star${value !== null && n <= value ? ' is-on' : ''}`}>
            <input
              type="radio"
              name={`rating-${name}`}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
              aria-label={`${format(t.score, { n })}（${t.scoreWords[n - 1] ?? ''}）`}
              data-testid={`rating-${name}-${n}`}
            />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * 好差评: the national five levels, then efficiency, service level and attitude (1–5 each)
 * and a comment; once per visit (the server refuses a second rating, and the page says so).
 */
export function RatingForm({ token, onRated }: { token: string; onRated: () => void }) {
  const t = useMessages();
  const r = t.ticketLive.rating;
  const [level, setLevel] = useState<Level | null>(null);
  const [scoresBy, setScores] = useState<Record<Indicator, number | null>>({ efficiency: null, serviceLevel: null, attitude: null });
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const commentId = useId();

  async function submit() {
    if (!level) {
      setError(t.ticket.rating.choose);
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const body: RatingBody = { level };
    for (const k of indicators) {
      const v = scoresBy[k];
      if (v !== null) body[k] = v;
    }
    if (comment.trim()) body.comment = comment.trim();
    const result = await apiPost(`/api/v1/tickets/${encodeURIComponent(token)}/rating`, ticketSchema('ratingResponse'), body, newIdempotencyKey());
    inFlight.current = false;
    setBusy(false);
    if (result.ok) onRated();
    else if (result.error.code === 'CONFLICT') {
      setError(r.already);
      onRated();
    } else setError(describeApiError(result.error, t));
  }

  const low = level === 'dissatisfied' || level === 'very_dissatisfied';
  return (
    <form
      className="card rating"
      data-testid="rating-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 className="section-title">{t.ticket.rating.title}</h2>
      <p className="muted-line">{r.intro}</p>
      <fieldset>
        <legend className="rating-legend">{r.levelLegend}</legend>
        <div className="rating-options">
          {levels.map((value) => (
            <label key={value} className={`rating-option level-${value}${level === value ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="rating-level"
                value={value}
                data-testid={`rating-${value}`}
                checked={level === value}
                onChange={() => setLevel(value)}
              />
              <span>{t.ticket.rating.levels[value]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {low ? (
        <p className="rating-low-hint" role="note">
          {r.lowHint}
        </p>
      ) : null}
      <div className="rating-indicators" role="group" aria-label={r.indicators}>
        <p className="rating-legend">{r.indicators}</p>
        {indicators.map((k) => (
          <StarScale key={k} name={k} legend={r[k]} value={scoresBy[k]} onChange={(n) => setScores((s) => ({ ...s, [k]: n }))} />
        ))}
      </div>
      <div className="field">
        <label className="rating-legend" htmlFor={commentId}>
          {r.comment}
        </label>
        <textarea
          id={commentId}
          className="input rating-comment"
          data-testid="rating-comment"
          rows={3}
          maxLength={commentMax}
          value={comment}
          placeholder={r.commentPlaceholder}
          onChange={(e) => setComment(e.target.value)}
        />
        <span className="muted-line rating-count" aria-live="polite">
          {format(r.commentCount, { n: comment.length })}
        </span>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="rating-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block btn-lg" data-testid="btn-rate" disabled={busy}>
        {busy ? t.ticket.rating.submitting : t.ticket.rating.submit}
      </button>
    </form>
  );
}
