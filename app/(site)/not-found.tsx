import { NotFoundBody } from '@/components/not-found-body';
import { getMessages } from '@/lib/locale';

/** Unknown hall or ticket inside the site: the site layout already draws the header. */
export default async function NotFound() {
  const { t } = await getMessages();
  return <NotFoundBody t={t} />;
}
