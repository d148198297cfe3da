import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies } from 'next/headers';
import { SiteHeader } from '@/components/site-header';
import { signedInAccount } from '@/components/admin/admin-gate';
import { NotForYouPage, SignInPage } from '@/components/staff-gate';
import { getMessages } from '@/lib/locale';
import { pageNonce } from '@/lib/page-nonce';
import { isLargeText, textSizeCookie } from '@/lib/text-size';
import '@/components/text-size.css';
import '@/components/account-links.css';
import './admin.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.admin.title, robots: { index: false, follow: false } };
}

/**
 * The console's one gate (like /duty and /leader): nobody signed in gets the sign-in form,
 * anyone but an admin is told the console is not theirs. Every request the pages send is
 * authorised again by the admin API, which also keeps a hall admin inside their own hall.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [{ locale, t }, jar, actor, nonce] = await Promise.all([getMessages(), cookies(), signedInAccount(), pageNonce()]);
  const large = isLargeText(jar.get(textSizeCookie)?.value);
  let body: ReactNode = children;
  if (!actor) body = <SignInPage title={t.admin.loginTitle} />;
  else if (actor.role !== 'admin')
    body = <NotForYouPage title={t.admin.title} message={t.admin.notAdmin} name={actor.displayName} testId="admin-not-admin" account={actor} />;
  return (
    <div className="site site-admin" data-text={large ? 'large' : 'normal'}>
      <SiteHeader locale={locale} t={t} largeText={large} account={actor ? { admin: actor.role === 'admin' } : null} nonce={nonce} />
      <main className="site-main">{body}</main>
    </div>
  );
}
