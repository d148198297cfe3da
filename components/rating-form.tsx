'use client';

import { useRef, useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { ratingLevel, ratingResponse } from '@/server/contracts/api';
import { useMessages } from './i18n';

type Level = (typeof ratingLevel.options)[number];

/** 好差评: the national five levels, once per visit. */
export function RatingForm({ token, onRated }: { token: string; onRated: () => void }) {
  const t = useMessages();
  const [level, setLevel] = useState<Level | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  async function submit() {
    if (!level) {
      setError(t.ticket.rating.choose);
      return;
    }
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/tickets/${encodeURIComponent(token)}/rating`, ratingResponse, { level });
    inFlight.current = false;
    setBusy(false);
    if (result.ok) onRated();
    else setError(describeApiError(result.error, t));
  }

  return (
    <form
      className="card rating"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend className="section-title">{t.ticket.rating.title}</legend>
        <div className="rating-options">
          {ratingLevel.options.map((value) => (
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
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-primary btn-block" data-testid="btn-rate" disabled={busy}>
        {busy ? t.ticket.rating.submitting : t.ticket.rating.submit}
      </button>
    </form>
  );
}
