import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { getMessages } from '@/lib/locale';

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getMessages();
  return (
    <>
      <SiteHeader locale={locale} t={t} />
      <main className="site-main">{children}</main>
    </>
  );
}
