'use client';

import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import type { RatingReply as Reply } from '@/server/contracts/rating-reply';
import { useMessages } from './i18n';

/** 整改: the hall's answer to the citizen's bad rating, once its work order reached the answer step. */
export function RatingReply({ reply }: { reply: Reply | null | undefined }) {
  const t = useMessages();
  if (!reply) return null;
  return (
    <section className="card notice-card" data-testid="rating-reply" aria-labelledby="rating-reply-title">
      <h2 id="rating-reply-title">{t.rectification.ratingReply.title}</h2>
      <p data-testid="rating-reply-answer">{reply.answer}</p>
      {reply.answeredAt ? <p className="muted tabular">{format(t.rectification.ratingReply.answeredAt, { time: dayAndTime(reply.answeredAt) })}</p> : null}
    </section>
  );
}
