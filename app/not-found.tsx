import { NotFoundBody } from '@/components/not-found-body';
import { SiteHeader } from '@/components/site-header';
import { getMessages } from '@/lib/locale';
import { pageNonce } from '@/lib/page-nonce';

/** Unknown URLs and unknown halls on the TV: only the root layout is above this one. */
export default async function NotFound() {
  const [{ locale, t }, nonce] = await Promise.all([getMessages(), pageNonce()]);
  return (
    <>
      <SiteHeader locale={locale} t={t} nonce={nonce} />
      <main className="site-main">
        <NotFoundBody t={t} />
      </main>
    </>
  );
}
