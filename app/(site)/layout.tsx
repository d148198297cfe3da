import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { SiteHeader } from '@/components/site-header';
import { signedInAccount } from '@/components/admin/admin-gate';
import { getMessages } from '@/lib/locale';
import { pageNonce } from '@/lib/page-nonce';
import { isLargeText, textSizeCookie } from '@/lib/text-size';
import '@/components/text-size.css';
import '@/components/account-links.css';

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, jar, actor, nonce] = await Promise.all([getMessages(), cookies(), signedInAccount(), pageNonce()]);
  const large = isLargeText(jar.get(textSizeCookie)?.value);
  return (
    <div className="site" data-text={large ? 'large' : 'normal'}>
      <SiteHeader locale={locale} t={t} largeText={large} account={actor ? { admin: actor.role === 'admin' } : null} nonce={nonce} />
      <main className="site-main">{children}</main>
    </div>
  );
}
