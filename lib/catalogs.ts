import { en } from '@/messages/en';
import { zhCN } from '@/messages/zh-CN';
import type { Locale, Messages } from './i18n';

/**
 * The full message catalogs, for server code only (server components, layouts, Pages Router
 * pages). Client components get the active locale's catalog from `I18nProvider`, which the root
 * layout fills on the server: importing this module from client code would put both catalogs
 * (~25 kB gzip) into every client bundle.
 */
const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export function messagesFor(locale: Locale): Messages {
  return catalogs[locale];
}
