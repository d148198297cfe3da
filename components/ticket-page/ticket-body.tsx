import type { ReactNode } from 'react';
import { type Messages, format, rich } from '@/lib/i18n';
import { clockTime, dayAndTime, shortTime } from '@/lib/time';
import type { TicketView } from '@/server/contracts/api';
import type { CitizenConditional } from '@/server/contracts/conditional';
import { alertStage } from './ticket-rules';

/**
 * The citizen's ticket page, rendered on the server only (pages/t/[token].tsx ships no
 * React to the phone). Everything that changes with the ticket lives in a `data-region`;
 * on a change of the ticket the page's script (ticket-island.ts) fetches the page again
 * and swaps the regions whose markup changed, so the page is rendered in one place. The
 * script itself fills only what moves with every queue change (people ahead, the wait,
 * "快到您了") and the answers to the citizen's own taps (`data-flash`, `data-error`).
 * Buttons say what they do in `data-act`; the script reads no other markup contract.
 */

type Ticket = TicketView;

const ahead = (ticket: Ticket) => Math.max(0, (ticket.position ?? 1) - 1);

/** How many people ahead still count as "快到您了": the hall's setting, 3 when the view carries none. */
export function nearlyAheadOf(ticket: Ticket): number {
  return ticket.moves?.nearlyAhead ?? 3;
}

/**
 * "快到您了": the rule of ticket-rules.ts (`alertStage`), which the script applies live, so the
 * server's render and the phone's updates cannot disagree.
 */
export function isNearly(ticket: Ticket): boolean {
  return alertStage(ticket, nearlyAheadOf(ticket)).stage === 'nearly';
}

/** An honest wait: always a range, never a single promised minute. */
export function etaText(eta: Ticket['etaMinutes'], t: Messages): string {
  if (!eta) return '—';
  return eta.high === 0 ? t.common.etaZero : format(t.common.etaRange, { low: eta.low, high: eta.high });
}

/** A part of the page the script swaps when its markup changes; `live` ones (which the script also writes) on every refresh. */
function Region({ name, live = false, children }: { name: string; live?: boolean; children?: ReactNode }) {
  return (
    <div data-region={name} data-live={live ? '' : undefined}>
      {children}
    </div>
  );
}

function ErrorLine({ testId }: { testId?: string }) {
  return <p className="alert alert-error" role="alert" data-error="" data-testid={testId} hidden />;
}

/** Text shown on a button while its request runs. */
const busy = (text: string) => ({ 'data-busy': text });

function statusLabel(ticket: Ticket, t: Messages): ReactNode {
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
  const outcome = outcomeOf(ticket);
  // An approved refusal ends the visit as completed; the citizen must read "not accepted".
  if (outcome.kind === 'refused') return t.ticket.notice.status;
  // A 容缺 acceptance also completes the visit, but the matter is not done until the items come.
  if (outcome.kind === 'conditional') return format(t.ticket.status.conditional, { day: outcome.deadlineDay });
  return t.ticket.status[ticket.status];
}

/**
 * What a finished visit came to, beyond its status: a completed ticket may be a refusal
 * (一次性告知) or an acceptance with missing items still open (容缺). The hero's words and
 * colour both follow this, so "已办结" in green is never shown over an open matter.
 */
export function outcomeOf(ticket: Ticket): { kind: 'refused' } | { kind: 'conditional'; deadlineDay: string } | { kind: 'plain' } {
  if (ticket.status !== 'completed') return { kind: 'plain' };
  if (ticket.notice) return { kind: 'refused' };
  const open = (ticket.conditional ?? []).find((c) => c.status === 'awaiting_commitment' || c.status === 'open');
  return open ? { kind: 'conditional', deadlineDay: open.deadlineDay } : { kind: 'plain' };
}

function statusNote(ticket: Ticket, t: Messages): string | null {
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
    case 'completed': {
      const outcome = outcomeOf(ticket).kind;
      return outcome === 'refused' ? t.ticket.note.refused : outcome === 'conditional' ? t.ticket.note.conditional : null;
    }
    default:
      return null;
  }
}

function Hero({ ticket, t }: { ticket: Ticket; t: Messages }) {
  const note = statusNote(ticket, t);
  const outcome = outcomeOf(ticket).kind;
  return (
    <section
      className={`card ticket-hero is-${ticket.status}${outcome === 'plain' ? '' : ` is-${outcome}`}`}
      aria-labelledby="ticket-number"
      data-testid="ticket-hero"
      data-outcome={outcome}
    >
      <p className="ticket-service">{ticket.serviceName}</p>
      <p className="ticket-number tabular" id="ticket-number" data-testid="ticket-number">
        {ticket.number}
      </p>
      <p className="ticket-status" data-testid="ticket-status" role="status" aria-live="assertive">
        {statusLabel(ticket, t)}
      </p>
      {note ? <p className="ticket-note">{note}</p> : null}
    </section>
  );
}

/** 一次性告知: everything the citizen needs, written once, after the duty leader approved the refusal. */
function RefusalNotice({ notice, t }: { notice: NonNullable<Ticket['notice']>; t: Messages }) {
  return (
    <section className="card notice-card" data-testid="refusal-notice" aria-labelledby="notice-title">
      <h2 id="notice-title">{t.ticket.notice.title}</h2>
      <p>{t.ticket.notice.intro}</p>
      <dl className="notice-facts">
        <dt>{t.ticket.notice.reason}</dt>
        <dd data-testid="notice-reason">{notice.reason}</dd>
        <dt>{t.ticket.notice.legalBasis}</dt>
        <dd>{notice.legalBasis}</dd>
      </dl>
      <h3>{t.ticket.notice.items}</h3>
      <ol className="notice-items" data-testid="notice-items">
        {notice.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      <p className="muted tabular">{format(t.ticket.notice.decidedAt, { time: dayAndTime(notice.decidedAt) })}</p>
    </section>
  );
}

/**
 * 容缺受理: what is missing and by when, the commitment to confirm (when it was promised on
 * the phone), a reminder in the last days and the overdue state after the deadline.
 */
function ConditionalCard({ item, t }: { item: CitizenConditional; t: Messages }) {
  const c = t.conditional.citizen;
  const pending = item.status === 'awaiting_commitment' || item.status === 'open';
  return (
    <section
      className={`card notice-card conditional-card${item.overdue ? ' is-overdue' : ''}`}
      data-testid="conditional-card"
      data-status={item.status}
      data-reminder={item.reminder}
      data-overdue={item.overdue}
      aria-labelledby={`conditional-${item.id}`}
    >
      <h2 id={`conditional-${item.id}`}>{pending ? c.title : t.conditional.status[item.status]}</h2>
      {item.overdue ? (
        <p className="alert alert-error" role="alert" data-testid="conditional-overdue">
          {format(c.overdue, { day: item.deadlineDay })}
        </p>
      ) : item.reminder ? (
        <p className="alert alert-warning" role="status" data-testid="conditional-reminder">
          {item.daysLeft <= 0 ? c.reminderToday : format(c.reminder, { n: item.daysLeft })}
        </p>
      ) : null}
      <p>{format(c.intro, { service: item.serviceName })}</p>
      <ol className="notice-items" data-testid="conditional-missing">
        {item.missingItems.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ol>
      {pending ? (
        <p className="conditional-deadline tabular" data-testid="conditional-deadline">
          {format(c.deadline, { day: item.deadlineDay })}
        </p>
      ) : (
        <p className="alert alert-success">{item.status === 'fulfilled' ? c.fulfilled : c.withdrawn}</p>
      )}
      {item.caseNo ? <p className="muted tabular">{format(c.caseNo, { caseNo: item.caseNo })}</p> : null}
      {item.status === 'awaiting_commitment' ? (
        <div className="confirm-box">
          <p>{c.confirmPrompt}</p>
          <ErrorLine />
          <button
            type="button"
            className="btn btn-primary btn-block btn-lg"
            data-testid="conditional-confirm-commitment"
            data-act="conditional-confirm"
            data-id={item.id}
            {...busy(c.confirming)}
          >
            {c.confirmButton}
          </button>
        </div>
      ) : item.commitment === 'paper' ? (
        <p className="muted">{c.paper}</p>
      ) : item.commitmentConfirmedAt ? (
        <p className="muted tabular" data-testid="conditional-confirmed">
          {format(c.confirmed, { time: dayAndTime(item.commitmentConfirmedAt) })}
        </p>
      ) : null}
    </section>
  );
}

/** "快到您了": rendered while the ticket waits with the hall's threshold or fewer ahead. */
function NearlyBanner({ ticket, t }: { ticket: Ticket; t: Messages }) {
  const n = t.ticketLive.nearly;
  const count = ahead(ticket);
  return (
    <section className="card nearly-banner" data-testid="nearly-banner" role="status" aria-live="polite">
      <h2>{n.title}</h2>
      <p data-nearly-text="">{count === 0 ? n.bodyNext : format(n.body, { n: count })}</p>
    </section>
  );
}

/**
 * "重新排队" after a no-show, until the deadline; past it, or a second time, the plain answer.
 * At the deadline the script asks the server again (`data-refresh-at`), whose clock decides.
 */
function Rejoin({ offer, t }: { offer: NonNullable<NonNullable<Ticket['moves']>['rejoin']>; t: Messages }) {
  const r = t.ticketLive.rejoin;
  const until = shortTime(offer.until);
  const answer = offer.used ? r.used : offer.expired ? format(r.expired, { minutes: offer.minutes, time: until }) : null;
  return (
    <section
      className="card rejoin-card"
      aria-labelledby="rejoin-title"
      data-testid="rejoin-card"
      data-refresh-at={offer.available ? offer.until : undefined}
    >
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
          <button type="button" className="btn btn-primary btn-block" data-testid="btn-rejoin" data-act="rejoin" {...busy(r.joining)}>
            {r.button}
          </button>
          <ErrorLine testId="rejoin-error" />
        </>
      )}
    </section>
  );
}

function Stats({ ticket, t }: { ticket: Ticket; t: Messages }) {
  return (
    <section className="card ticket-stats">
      <div className="stat">
        <span className="stat-label">{t.ticket.ahead}</span>
        <span className="stat-value tabular">
          <strong data-testid="ticket-ahead">{ahead(ticket)}</strong>
          <small>{t.ticket.aheadUnit}</small>
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">{t.ticket.eta}</span>
        <span className="stat-value stat-value-text tabular" data-testid="ticket-eta">
          {etaText(ticket.etaMinutes, t)}
        </span>
      </div>
      <ul className="eta-reasons" data-eta-reasons="" hidden={ticket.etaReasons.length === 0}>
        {ticket.etaReasons.map((r) => (
          <li key={r}>{t.ticket.etaReason[r]}</li>
        ))}
      </ul>
    </section>
  );
}

/**
 * "开启提醒": one tap unlocks sound and vibration and asks for notifications. Whether it is on
 * is this phone's choice (kept in localStorage), so both states are rendered and the script
 * shows one; the list of ways (`data-ways`) is filled there too.
 */
function AlertCard({ t }: { t: Messages }) {
  const a = t.ticketLive.alerts;
  return (
    <>
      <section className="card alert-card" aria-labelledby="alert-card-title" data-alerts="off">
        <h2 className="section-title" id="alert-card-title">
          {a.title}
        </h2>
        <p className="alert-card-hint">{a.hint}</p>
        <button type="button" className="btn btn-primary btn-block" data-testid="btn-enable-alerts" data-act="alerts-on">
          {a.enable}
        </button>
      </section>
      <div className="alert-card-on" data-testid="alerts-on" role="status" data-alerts="on" hidden>
        <p>
          <span aria-hidden="true">✓ </span>
          <span data-ways="">{a.on}</span>
        </p>
        <p className="muted-line" data-permission="denied" hidden>
          {a.notifyDenied}
        </p>
        <p className="muted-line" data-permission="unsupported" hidden>
          {a.notifyUnsupported}
        </p>
      </div>
    </>
  );
}

const levels = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
const indicators = ['efficiency', 'serviceLevel', 'attitude'] as const;
const scores = [1, 2, 3, 4, 5] as const;
export const commentMax = 500;

/** One on-site indicator (办事效率, 服务水平, 服务态度): five stars, each a radio with its words. */
function StarScale({ name, legend, t }: { name: (typeof indicators)[number]; legend: string; t: Messages }) {
  const r = t.ticketLive.rating;
  return (
    <fieldset className="star-scale" data-testid={`rating-${name}`}>
      <legend>
        {legend}
        <span className="star-words" aria-hidden="true" data-star-words="" />
      </legend>
      <div className="stars">
        {scores.map((n) => (
          <label key={n} className="star">
            <input
              type="radio"
              name={name}
              value={n}
              aria-label={`${format(r.score, { n })}（${r.scoreWords[n - 1] ?? ''}）`}
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
 * The field names are the request's (RatingBody); the script posts them as they are.
 */
function RatingForm({ t }: { t: Messages }) {
  const r = t.ticketLive.rating;
  return (
    <form className="card rating" data-testid="rating-form" data-act="rate" noValidate>
      <h2 className="section-title">{t.ticket.rating.title}</h2>
      <p className="muted-line">{r.intro}</p>
      <fieldset>
        <legend className="rating-legend">{r.levelLegend}</legend>
        <div className="rating-options">
          {levels.map((value) => (
            <label key={value} className={`rating-option level-${value}`}>
              <input type="radio" name="level" value={value} data-testid={`rating-${value}`} />
              <span>{t.ticket.rating.levels[value]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="rating-low-hint" role="note" data-low-hint="" hidden>
        {r.lowHint}
      </p>
      <div className="rating-indicators" role="group" aria-label={r.indicators}>
        <p className="rating-legend">{r.indicators}</p>
        {indicators.map((k) => (
          <StarScale key={k} name={k} legend={r[k]} t={t} />
        ))}
      </div>
      <div className="field">
        <label className="rating-legend" htmlFor="rating-comment">
          {r.comment}
        </label>
        <textarea
          id="rating-comment"
          name="comment"
          className="input rating-comment"
          data-testid="rating-comment"
          rows={3}
          maxLength={commentMax}
          placeholder={r.commentPlaceholder}
        />
        <span className="muted-line rating-count" aria-live="polite" data-comment-count="">
          {format(r.commentCount, { n: 0 })}
        </span>
      </div>
      <p className="field-error" role="alert" data-error="" data-testid="rating-error" hidden />
      <button type="submit" className="btn btn-primary btn-block btn-lg" data-testid="btn-rate" {...busy(t.ticket.rating.submitting)}>
        {t.ticket.rating.submit}
      </button>
    </form>
  );
}

/** 整改 opened by a bad rating and not answered yet: who answers, and by when. */
function RatingFollowUp({ followUp, hall, t }: { followUp: NonNullable<Ticket['ratingFollowUp']>; hall: string; t: Messages }) {
  const f = t.rectification.ratingFollowUp;
  return (
    <section className="card notice-card" data-testid="rating-follow-up" aria-labelledby="rating-follow-up-title">
      <h2 id="rating-follow-up-title">{f.title}</h2>
      <p>{format(f.body, { hall })}</p>
      <p className="tabular" data-testid="rating-follow-up-due">
        {format(f.due, { time: dayAndTime(followUp.answerBy) })}
      </p>
    </section>
  );
}

/** 整改: the hall's answer to the citizen's bad rating, once its work order reached the answer step. */
function RatingReply({ reply, t }: { reply: NonNullable<Ticket['ratingReply']>; t: Messages }) {
  return (
    <section className="card notice-card" data-testid="rating-reply" aria-labelledby="rating-reply-title">
      <h2 id="rating-reply-title">{t.rectification.ratingReply.title}</h2>
      <p data-testid="rating-reply-answer">{reply.answer}</p>
      {reply.answeredAt ? <p className="muted tabular">{format(t.rectification.ratingReply.answeredAt, { time: dayAndTime(reply.answeredAt) })}</p> : null}
    </section>
  );
}

function Facts({ ticket, t }: { ticket: Ticket; t: Messages }) {
  return (
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
  );
}

/** "我需要再等 5 分钟": a confirmation that says how far; the place it moved to comes back as a flash. */
function MoreTime({ offer, t }: { offer: NonNullable<NonNullable<Ticket['moves']>['moreTime']>; t: Messages }) {
  const m = t.ticketLive.moreTime;
  if (offer.used) {
    return (
      <p className="muted-line" data-testid="more-time-used">
        {format(m.used, { minutes: offer.minutes })}
      </p>
    );
  }
  if (!offer.available) return null;
  return (
    <div data-toggle-group="">
      <div className="more-time" data-toggle="closed">
        <button type="button" className="btn btn-secondary btn-block" data-testid="btn-more-time" data-act="open">
          {format(m.button, { minutes: offer.minutes })}
        </button>
        <p className="muted-line">{m.hint}</p>
      </div>
      <div className="card confirm-box more-time-confirm" role="group" aria-label={format(m.button, { minutes: offer.minutes })} data-toggle="open" hidden>
        <p>{format(m.confirm, { places: offer.places, minutes: offer.minutes })}</p>
        <div className="button-row">
          <button type="button" className="btn btn-primary" data-testid="btn-more-time-confirm" data-act="more-time" {...busy(m.moving)}>
            {m.confirmYes}
          </button>
          <button type="button" className="btn btn-ghost" data-act="close">
            {m.confirmNo}
          </button>
        </div>
      </div>
    </div>
  );
}

function Cancel({ t }: { t: Messages }) {
  return (
    <div data-toggle-group="">
      <button type="button" className="btn btn-outline-danger btn-block" data-testid="btn-cancel" data-toggle="closed" data-act="open">
        {t.ticket.cancel}
      </button>
      <div className="card confirm-box" role="group" aria-label={t.ticket.cancel} data-toggle="open" hidden>
        <p>{t.ticket.cancelConfirm}</p>
        <div className="button-row">
          <button type="button" className="btn btn-danger" data-testid="btn-cancel-confirm" data-act="cancel" {...busy(t.ticket.cancelling)}>
            {t.ticket.cancelYes}
          </button>
          <button type="button" className="btn btn-ghost" data-act="close">
            {t.ticket.cancelNo}
          </button>
        </div>
      </div>
    </div>
  );
}

function CaseItems({ cases, t }: { cases: NonNullable<Ticket['cases']>; t: Messages }) {
  return (
    <>
      {cases.map((c) => (
        <section key={c.id} className="card case-card" data-testid="case-item" data-status={c.status}>
          <h2>{t.ticket.cases.item}</h2>
          {c.status === 'closed' && c.answer ? (
            <>
              <p className="muted">{format(t.ticket.cases.answered, { outcome: c.outcome ? t.duty.outcomes[c.outcome] : '' })}</p>
              <p data-testid="case-answer">{c.answer}</p>
            </>
          ) : (
            <p className="muted tabular">{format(t.ticket.cases.waiting, { time: dayAndTime(c.deadline) })}</p>
          )}
        </section>
      ))}
    </>
  );
}

/** 办不成事: a short form to the duty leader; outside the regions, so a push never clears what is typed. */
function CaseForm({ t }: { t: Messages }) {
  const c = t.ticket.cases;
  return (
    <div data-toggle-group="">
      <button type="button" className="btn btn-ghost btn-block" data-testid="btn-case-report" data-toggle="closed" data-act="open">
        {c.button}
      </button>
      <form className="card case-form" data-toggle="open" data-act="case" hidden noValidate>
        <h2>{c.title}</h2>
        <p className="muted">{c.hint}</p>
        <label className="field-label" htmlFor="case-description">
          {c.description}
        </label>
        <textarea
          id="case-description"
          name="description"
          className="input"
          data-testid="case-description"
          rows={4}
          maxLength={1000}
          required
          placeholder={c.placeholder}
        />
        <ErrorLine />
        <div className="button-row">
          <button type="submit" className="btn btn-primary" data-testid="case-submit" disabled {...busy(c.submitting)}>
            {c.submit}
          </button>
          <button type="button" className="btn btn-ghost" data-act="close">
            {c.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The whole page body; `updatedAt` is the server's render time (the script keeps it current). */
export function TicketBody({ ticket, t, renderedAt }: { ticket: Ticket; t: Messages; renderedAt: number }) {
  const waiting = ticket.status === 'waiting';
  const finished = ticket.status === 'completed' || ticket.status === 'cancelled' || ticket.status === 'no_show';
  const rejoin = ticket.moves?.rejoin ?? null;
  const moreTime = ticket.moves?.moreTime ?? null;
  return (
    <div className="ticket" id="ticket">
      <p className="eyebrow">
        {ticket.hall.name} · {t.ticket.title}
      </p>
      {/* At the top, where the citizen looks: while the link is down the figures below may be old. */}
      <p className="alert alert-warning offline-banner" role="alert" data-offline="" data-testid="ticket-offline" hidden>
        {t.ticketLive.offline}
      </p>
      <Region name="hero">
        <Hero ticket={ticket} t={t} />
      </Region>
      <Region name="notice">{ticket.notice ? <RefusalNotice notice={ticket.notice} t={t} /> : null}</Region>
      <Region name="conditional">
        {(ticket.conditional ?? []).map((item) => (
          <ConditionalCard key={item.id} item={item} t={t} />
        ))}
      </Region>
      {/* Kept by the script between pushes: it adds, words and removes it on every queue change. */}
      <Region name="nearly" live>{isNearly(ticket) ? <NearlyBanner ticket={ticket} t={t} /> : null}</Region>
      <template data-template="nearly">
        <NearlyBanner ticket={ticket} t={t} />
      </template>
      <Region name="rejoin">{rejoin ? <Rejoin offer={rejoin} t={t} /> : null}</Region>
      <Region name="stats" live>{waiting ? <Stats ticket={ticket} t={t} /> : null}</Region>
      <Region name="alerts">{waiting || ticket.status === 'called' ? <AlertCard t={t} /> : null}</Region>
      <div data-flash="rating" data-testid="rating-thanks" className="alert alert-success" role="status" hidden>
        {t.ticket.rating.thanks}
      </div>
      <Region name="rating">
        {ticket.status === 'completed' && ticket.rated ? (
          <p className="muted-line" data-testid="rating-done">
            {t.ticketLive.rating.rated}
          </p>
        ) : null}
        {ticket.status === 'completed' && !ticket.rated ? <RatingForm t={t} /> : null}
      </Region>
      <Region name="reply">
        {ticket.ratingReply ? <RatingReply reply={ticket.ratingReply} t={t} /> : null}
        {!ticket.ratingReply && ticket.ratingFollowUp ? <RatingFollowUp followUp={ticket.ratingFollowUp} hall={ticket.hall.name} t={t} /> : null}
      </Region>
      <Region name="facts">
        <Facts ticket={ticket} t={t} />
      </Region>
      <p className="alert alert-success" role="status" data-flash="moreTime" data-testid="more-time-done" hidden />
      <p className="alert alert-error" role="alert" data-flash="moreTimeError" data-testid="more-time-error" hidden />
      <Region name="moreTime">{moreTime ? <MoreTime offer={moreTime} t={t} /> : null}</Region>
      <Region name="cancel">
        {waiting ? (
          <>
            <ErrorLine />
            <Cancel t={t} />
          </>
        ) : null}
      </Region>
      <Region name="cases">
        <CaseItems cases={ticket.cases ?? []} t={t} />
      </Region>
      <p className="alert alert-success" role="status" data-flash="case" data-testid="case-sent" hidden />
      <CaseForm t={t} />
      <Region name="another">
        {finished ? (
          <a className="btn btn-ghost btn-block" href={`/h/${ticket.hall.slug}`}>
            {t.ticket.takeAnother}
          </a>
        ) : null}
      </Region>
      <p className="updated-line tabular" data-testid="updated-at">
        <span className="offline" data-offline="" hidden>
          {t.common.offline}
        </span>
        <span data-updated="">{format(t.common.updatedAt, { time: clockTime(renderedAt) })}</span>
      </p>
    </div>
  );
}
