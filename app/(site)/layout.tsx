import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { SiteHeader } from '@/components/site-header';
import { getMessages } from '@/lib/locale';
import { isLargeText, textSizeCookie } from '@/lib/text-size';
import '@/components/text-size.css';

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, jar] = await Promise.all([getMessages(), cookies()]);
  const large = isLargeText(jar.get(textSizeCookie)?.value);
  return (
    <div className="site" data-text={large ? 'large' : 'normal'}>
      <SiteHeader locale={locale} t={t} largeText={large} />
      <main className="site-main">{children}</main>
    </div>
  );
}
