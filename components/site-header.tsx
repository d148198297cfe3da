import Link from 'next/link';
import type { Locale, Messages } from '@/lib/i18n';

/**
 * The bar above every page but the hall screen. The language links are plain
 * anchors on purpose: `?lang=` is read by the proxy on a full request, which
 * re-renders the layout in the new language and sets the cookie.
 */
export function SiteHeader({ locale, t }: { locale: Locale; t: Messages }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            号
          </span>
          {t.app.name}
        </Link>
        <nav className="lang-switch" aria-label={t.app.languageSwitch}>
          <a href="?lang=zh-CN" lang="zh-CN" aria-current={locale === 'zh-CN' ? 'true' : undefined}>
            中文
          </a>
          <a href="?lang=en" lang="en" aria-current={locale === 'en' ? 'true' : undefined}>
            English
          </a>
        </nav>
      </div>
    </header>
  );
}
