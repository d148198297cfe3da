import { NotFoundBody } from '@/components/not-found-body';
import { SiteHeader } from '@/components/site-header';
import { getMessages } from '@/lib/locale';

/** Unknown URLs and unknown halls on the TV: only the root layout is above this one. */
export default async function NotFound() {
  const { locale, t } = await getMessages();
  return (
    <>
      <SiteHeader locale={locale} t={t} />
      <main className="site-main">
        <NotFoundBody t={t} />
      </main>
    </>
  );
}
