import Link from 'next/link';
import type { Messages } from '@/lib/i18n';

export function NotFoundBody({ t }: { t: Messages }) {
  return (
    <div className="page page-narrow">
      <section className="card empty-state" data-testid="not-found">
        <p className="empty-code tabular">404</p>
        <h1>{t.common.notFoundTitle}</h1>
        <p className="muted">{t.common.notFoundBody}</p>
        <Link className="btn btn-primary" href="/">
          {t.common.goHome}
        </Link>
      </section>
    </div>
  );
}
