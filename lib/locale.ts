import { cookies, headers } from 'next/headers';
import { messagesFor } from './catalogs';
import type { Locale, Messages } from './i18n';
import { defaultLocale, localeCookie, localeHeader, parseLocale } from './locales';

/** The reader's language on the server: `?lang=` first, then the `lang` cookie, else Chinese. */
export async function getLocale(): Promise<Locale> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return parseLocale(h.get(localeHeader)) ?? parseLocale(c.get(localeCookie)?.value) ?? defaultLocale;
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await getLocale();
  return { locale, t: messagesFor(locale) };
}
