import type { IncomingMessage } from 'node:http';
import Head from 'next/head';
import type { ReactNode } from 'react';
import type { Locale, Messages } from '@/lib/i18n';
import { localeCookie, localeHeader, parseLocale } from '@/lib/locales';
import { isLargeText, textSizeCookie } from '@/lib/text-size';
import { SiteHeader } from './site-header';

/**
 * The frame of the citizen pages that ship no framework JavaScript (the Pages Router pages
 * /h/[hall] and /t/[token]): the same head, site header and large-text switch as the App
 * Router's site layout, and the page's one inline script.
 */

/** The language (the proxy's header for `?lang=`, else the cookie) and the large-text choice. */
export function citizenPreferences(req: IncomingMessage & { cookies: Partial<Record<string, string>> }): { locale: Locale; largeText: boolean } {
  const header = req.headers[localeHeader];
  const locale = parseLocale(typeof header === 'string' ? header : null) ?? parseLocale(req.cookies[localeCookie]) ?? 'zh-CN';
  return { locale, largeText: isLargeText(req.cookies[textSizeCookie]) };
}

export function CitizenShell({
  title,
  locale,
  t,
  largeText,
  personal = false,
  script,
  nonce,
  children,
}: {
  title: string;
  locale: Locale;
  t: Messages;
  largeText: boolean;
  /** A personal link (a ticket): kept out of search engines and link previews. */
  personal?: boolean;
  script?: string | null;
  /** The page's script nonce (lib/csp-nonce.ts), for the header's toggle and the island. */
  nonce: string | undefined;
  children: ReactNode;
}) {
  return (
    <>
      <Head>
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {personal ? <meta name="robots" content="noindex, nofollow" /> : null}
        <meta name="theme-color" content="#1456b8" />
        <link rel="icon" href="/icon.svg" />
      </Head>
      <div className="site" data-text={largeText ? 'large' : 'normal'}>
        <SiteHeader locale={locale} t={t} largeText={largeText} nonce={nonce} />
        <main className="site-main">{children}</main>
      </div>
      {script ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} /> : null}
    </>
  );
}
