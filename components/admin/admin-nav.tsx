'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useMessages } from '../i18n';

export const adminSections = ['', 'services', 'counters', 'staff', 'duty', 'displays', 'settings', 'messages', 'audit', 'sign-ins'] as const;
export type AdminSection = (typeof adminSections)[number];

/** The hall's sections as tabs, with the way back to every hall the admin manages. */
export function AdminNav({ hall }: { hall: string }) {
  const t = useMessages();
  const pathname = usePathname();
  const base = `/admin/${encodeURIComponent(hall)}`;
  return (
    <nav className="adm-nav" aria-label={t.admin.nav.label}>
      <Link href="/admin" className="adm-nav-back" data-testid="admin-nav-halls">
        ← {t.admin.nav.halls}
      </Link>
      <span className="adm-nav-hall" data-testid="admin-nav-hall">
        {hall}
      </span>
      <ul>
        {adminSections.map((section) => {
          const href = section ? `${base}/${section}` : base;
          return (
            <li key={section || 'hall'}>
              <Link href={href} aria-current={pathname === href ? 'page' : undefined} data-testid={`admin-nav-${section || 'hall'}`}>
                {t.admin.nav[section || 'hall']}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
