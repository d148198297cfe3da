import type { GetServerSideProps } from 'next';
import { CitizenShell, citizenPreferences } from '@/components/citizen-shell';
import { HallHomeView } from '@/components/home/hall-home-view';
import { type HomeIslandConfig, hallHomeIsland } from '@/components/home/home-island';
import { type MineIslandConfig, mineIsland } from '@/components/home/mine-island';
import { CitizenNotFound, type HallLink } from '@/components/citizen-not-found';
import { messagesFor } from '@/lib/catalogs';
import { requestNonce } from '@/lib/csp-nonce';
import type { Locale } from '@/lib/i18n';
import { inlineScript } from '@/lib/text-size';
import type { HallHome } from '@/server/contracts/citizen';
import { hallRef } from '@/server/contracts/common';
import { getServices } from '@/server/registry';

/**
 * /h/[hall], the hall's home. A Pages Router page on purpose: with `unstable_runtimeJS`
 * off it ships no framework JavaScript at all (the App Router's client runtime alone is
 * over the 120 kB budget of issue 5), only the small script in home-island.ts.
 */
export const config = { unstable_runtimeJS: false };

/** `nonce` never reaches the browser as data: with the runtime off there is no __NEXT_DATA__. */
type Props = { locale: Locale; largeText: boolean; home: HallHome | null; halls: HallLink[]; nonce: string | null };

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res, params }) => {
  const { locale, largeText } = citizenPreferences(req);
  const nonce = requestNonce(req) ?? null;
  const ref = typeof params?.hall === 'string' ? params.hall : '';
  const result = hallRef.safeParse(ref).success ? await getServices().hallHome.home(ref) : null;
  if (!result?.ok) {
    if (result && result.error.code !== 'NOT_FOUND') throw new Error(result.error.message);
    res.statusCode = 404;
    const halls = (await getServices().halls.list()).map((h) => ({ slug: h.slug, name: h.name }));
    return { props: { locale, largeText, home: null, halls, nonce } };
  }
  res.setHeader('cache-control', 'no-store');
  return { props: { locale, largeText, home: result.data, halls: [], nonce } };
};

export default function HallHomePage({ locale, largeText, home, halls, nonce }: Props) {
  const t = messagesFor(locale);
  const island: HomeIslandConfig | null = home
    ? {
        hall: home.hall.slug,
        pollMs: 20_000,
        services: Object.fromEntries(home.services.map((s) => [s.id, { name: s.name, instant: s.instantApproval, onlineUrl: s.onlineUrl }])),
        text: {
          waiting: t.citizen.home.waiting,
          etaRange: t.common.etaRange,
          etaZero: t.common.etaZero,
          closed: t.citizen.home.closed,
          opensAt: t.citizen.home.opensAtService,
          updated: t.citizen.home.updated,
          offline: t.citizen.home.offline,
          title: t.citizen.takeSheet.title,
          phoneInvalid: t.citizen.takeSheet.phoneInvalid,
          taking: t.citizen.takeSheet.taking,
          confirm: t.citizen.takeSheet.confirm,
          weekdays: t.citizen.weekdays,
          when: t.citizen.when,
          errors: t.citizen.errors,
        },
      }
    : null;
  const h = t.citizen.home;
  const mine: MineIslandConfig | null = home
    ? {
        hall: home.hall.slug,
        text: {
          open: h.mineOpen,
          status: { ...t.ticket.status, called: t.ticket.status.calledNoCounter },
          findBusy: h.findBusy,
          findSubmit: h.findSubmit,
          findNone: h.findNone,
          findLimited: h.findLimited,
          findInvalid: h.findInvalid,
          unresolvedBusy: h.unresolvedBusy,
          unresolvedSubmit: h.unresolvedSubmit,
          unresolvedSent: h.unresolvedSent,
          unresolvedInvalid: h.unresolvedInvalid,
          network: t.citizen.errors.network,
        },
      }
    : null;
  return (
    <CitizenShell
      title={home ? `${home.hall.name} · ${t.app.name}` : `${t.common.notFoundTitle} · ${t.app.name}`}
      locale={locale}
      t={t}
      largeText={largeText}
      nonce={nonce ?? undefined}
      script={island && mine ? inlineScript(hallHomeIsland, island) + inlineScript(mineIsland, mine) : null}
    >
      {home ? <HallHomeView home={home} t={t} /> : <CitizenNotFound kind="hall" halls={halls} t={t} />}
    </CitizenShell>
  );
}
