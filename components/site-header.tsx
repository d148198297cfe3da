import Link from 'next/link';
import type { Locale, Messages } from '@/lib/i18n';
import { inlineScript, textSizeCookie, textSizeToggleScript } from '@/lib/text-size';

/**
 * The bar above every page but the hall screen. The language links are plain
 * anchors on purpose: `?lang=` is read by the proxy on a full request, which
 * re-renders the layout in the new language and sets the cookie. The large-text
 * toggle (适老化) is one tap on every page and needs no React in the browser.
 */
export function SiteHeader({
  locale,
  t,
  largeText = false,
  account = null,
  nonce,
}: {
  locale: Locale;
  t: Messages;
  largeText?: boolean;
  /** The signed-in account, if any: an admin gets the console's link, everyone their password. */
  account?: { admin: boolean } | null;
  /** The page's script nonce (lib/csp-nonce.ts): without it the policy blocks the toggle. */
  nonce: string | undefined;
}) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            号
          </span>
          {t.app.name}
        </Link>
        <div className="header-tools">
          {account ? (
            <nav className="account-links" aria-label={t.admin.header.account}>
              {account.admin ? (
                <Link href="/admin" data-testid="header-admin">
                  {t.admin.header.admin}
                </Link>
              ) : null}
              <Link href="/account/password" data-testid="header-password">
                {t.admin.header.password}
              </Link>
            </nav>
          ) : null}
          <button
            type="button"
            className="text-toggle"
            data-text-toggle=""
            data-testid="text-size-toggle"
            aria-pressed={largeText}
            aria-label={t.citizen.textSize.label}
          >
            <span aria-hidden="true" className="text-toggle-glyph">
              A<span>A</span>
            </span>
            {t.citizen.textSize.large}
          </button>
          <nav className="lang-switch" aria-label={t.app.languageSwitch}>
            <a href="?lang=zh-CN" lang="zh-CN" aria-current={locale === 'zh-CN' ? 'true' : undefined}>
              中文
            </a>
            <a href="?lang=en" lang="en" aria-current={locale === 'en' ? 'true' : undefined}>
              English
            </a>
          </nav>
        </div>
      </div>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: inlineScript(textSizeToggleScript, textSizeCookie) }} />
    </header>
  );
}
