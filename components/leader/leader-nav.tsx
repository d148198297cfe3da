'use client';

import Link from 'next/link';
import { useMessages } from '../i18n';
import './leader-nav.css';

export type LeaderPage = 'live' | 'daily' | 'history' | 'rectification' | 'duty';

/**
 * The leaders' pages link each other: the live screen, the morning report, history,
 * rectification and the duty desk. The current page is marked, not linked.
 */
export function LeaderNav({ current, hallSlug, className }: { current: LeaderPage; hallSlug?: string | undefined; className?: string }) {
  const t = useMessages();
  const q = hallSlug ? `?hall=${encodeURIComponent(hallSlug)}` : '';
  const links: Array<[LeaderPage, string, string]> = [
    ['live', hallSlug ? `/leader/${encodeURIComponent(hallSlug)}` : '/leader', t.leader.nav.district],
    ['daily', `/leader/daily${q}`, t.leader.nav.daily],
    ['history', `/leader/history${q}`, t.leader.nav.history],
    ['rectification', `/leader/rectification${q}`, t.leader.nav.rectification],
    ['duty', '/duty', t.leader.nav.duty],
  ];
  return (
    <nav className={className ?? 'leader-nav'} aria-label={t.dailyReport.title} data-testid="leader-nav">
      {links.map(([page, href, label]) =>
        page === current ? (
          <span key={page} aria-current="page">
            {label}
          </span>
        ) : (
          <Link key={page} href={href}>
            {label}
          </Link>
        ),
      )}
    </nav>
  );
}
