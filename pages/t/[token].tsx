import type { GetServerSideProps } from 'next';
import { CitizenShell, citizenPreferences } from '@/components/citizen-shell';
import { createChime } from '@/components/display/speech';
import { CitizenNotFound, type HallLink } from '@/components/citizen-not-found';
import { CitizenLinkExpired, type ExpiredLink } from '@/components/citizen-link-expired';
import { TicketBody, nearlyAheadOf } from '@/components/ticket-page/ticket-body';
import { type TicketIslandConfig, ticketIsland } from '@/components/ticket-page/ticket-island';
import { alertStage, behindBeat, fill, hallClock, leftQueue, placeInQueue, queueShapeKey } from '@/components/ticket-page/ticket-rules';
import { messagesFor } from '@/lib/catalogs';
import { requestNonce } from '@/lib/csp-nonce';
import type { Locale, Messages } from '@/lib/i18n';
import type { TicketView } from '@/server/contracts/api';
import { publicToken } from '@/server/contracts/common';
import { getServices } from '@/server/registry';

/**
 * /t/[token], the citizen's own ticket, live. A Pages Router page on purpose, like the hall
 * home: with `unstable_runtimeJS` off it ships no framework JavaScript (the App Router's
 * client runtime alone is over the 120 kB budget of issue 5), only ticket-island.ts inline
 * and the Socket.IO client the Socket.IO server serves. The island fetches this page again
 * when the ticket changes and swaps the regions that changed (ticket-body.tsx).
 */
export const config = { unstable_runtimeJS: false };

type Props = {
  locale: Locale;
  largeText: boolean;
  ticket: TicketView | null;
  token: string;
  renderedAt: number;
  halls: HallLink[];
  /** Set when the link has passed its end (the end of the hall day on which the visit ended). */
  expired: ExpiredLink | null;
  /** `nonce` never reaches the browser as data: with the runtime off there is no __NEXT_DATA__. */
  nonce: string | null;
};

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, params }) => {
  const { locale, largeText } = citizenPreferences(req);
  const nonce = requestNonce(req) ?? null;
  const token = typeof params?.token === 'string' ? params.token : '';
  const result = publicToken.safeParse(token).success ? await getServices().tickets.view(token) : null;
  // The link is personal: never cached on the way, never indexed.
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-robots-tag', 'noindex, nofollow');
  if (!result?.ok) {
    if (result && result.error.code !== 'NOT_FOUND') throw new Error(result.error.message);
    res.statusCode = 404;
    const d = result?.error.reason === 'LINK_EXPIRED' ? result.error.details : undefined;
    if (d && typeof d.expiredAt === 'string' && typeof d.hall === 'string') {
      const expired = { at: d.expiredAt, timeZone: String(d.timeZone), hall: { slug: d.hall, name: String(d.hallName) } };
      return { props: { locale, largeText, ticket: null, token: '', renderedAt: Date.now(), halls: [], expired, nonce } };
    }
    // The way back for a dead link: the halls' homes, not the site's index of staff pages.
    const halls = (await getServices().halls.list()).map((h) => ({ slug: h.slug, name: h.name }));
    return { props: { locale, largeText, ticket: null, token: '', renderedAt: Date.now(), halls, expired: null, nonce } };
  }
  return { props: { locale, largeText, ticket: result.data, token, renderedAt: Date.now(), halls: [], expired: null, nonce } };
};

function islandConfig(ticket: TicketView, token: string, t: Messages): TicketIslandConfig {
  const a = t.ticketLive.alerts;
  return {
    token,
    hall: ticket.hall.slug,
    socketClient: '/socket.io/socket.io.min.js',
    ticket,
    nearlyAhead: nearlyAheadOf(ticket),
    text: {
      etaRange: t.common.etaRange,
      etaZero: t.common.etaZero,
      updatedAt: t.common.updatedAt,
      network: t.common.networkError,
      errors: t.errors,
      errorReasons: t.errorReasons,
      etaReason: t.ticket.etaReason,
      nearlyBody: t.ticketLive.nearly.body,
      nearlyBodyNext: t.ticketLive.nearly.bodyNext,
      alerts: {
        on: a.on,
        onWith: a.onWith,
        ways: a.ways,
        flashNearly: a.flashNearly,
        flashCalled: a.flashCalled,
        notifyNearlyTitle: a.notifyNearlyTitle,
        notifyNearlyBody: a.notifyNearlyBody,
        notifyCalledTitle: a.notifyCalledTitle,
        notifyCalledBody: a.notifyCalledBody,
      },
      serviceName: ticket.serviceName,
      moreTimeDone: t.ticketLive.moreTime.done,
      moreTimeRefused: t.ticketLive.moreTime.refused,
      rejoinRefused: t.ticketLive.rejoin.refused,
      ratingChoose: t.ticket.rating.choose,
      ratingThanks: t.ticket.rating.thanks,
      ratingAlready: t.ticketLive.rating.already,
      commentCount: t.ticketLive.rating.commentCount,
      scoreWords: t.ticketLive.rating.scoreWords,
      caseSent: t.ticket.cases.sent,
    },
  };
}

/** The island and its rules as one inline script; `<` is escaped so no string can end the tag. */
function islandScript(config: TicketIslandConfig): string {
  const rules = `{createChime:${createChime.toString()},placeInQueue:${placeInQueue.toString()},alertStage:${alertStage.toString()},fill:${fill.toString()},hallClock:${hallClock.toString()},behindBeat:${behindBeat.toString()},leftQueue:${leftQueue.toString()},queueShapeKey:${queueShapeKey.toString()}}`;
  return `(${ticketIsland.toString()})(${JSON.stringify(config).replace(/</g, '\\u003c')},${rules});`;
}

export default function TicketPage({ locale, largeText, ticket, token, renderedAt, halls, expired, nonce }: Props) {
  const t = messagesFor(locale);
  return (
    <CitizenShell
      title={ticket ? `${ticket.number} · ${t.ticket.title}` : `${expired ? t.citizen.notFound.expiredTitle : t.common.notFoundTitle} · ${t.app.name}`}
      locale={locale}
      t={t}
      largeText={largeText}
      nonce={nonce ?? undefined}
      personal
      script={ticket ? islandScript(islandConfig(ticket, token, t)) : null}
    >
      {ticket ? (
        <div className="page page-narrow">
          <TicketBody ticket={ticket} t={t} renderedAt={renderedAt} />
        </div>
      ) : expired ? (
        <CitizenLinkExpired expired={expired} locale={locale} t={t} />
      ) : (
        <CitizenNotFound kind="ticket" halls={halls} t={t} />
      )}
    </CitizenShell>
  );
}
