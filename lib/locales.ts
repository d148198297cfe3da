/** Kept free of React and catalogs so proxy.ts can use it without pulling them in. */
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';
/** The cookie that remembers a reader's language, set when a page is opened with ?lang=. */
export const localeCookie = 'lang';
/** Set by proxy.ts from `?lang=`, so the request that switches language already renders in it. */
export const localeHeader = 'x-hallboard-locale';

/** Accepts `zh-CN`, `zh`, `en`, `en-US`…; anything else is not a locale we have. */
export function parseLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  const lower = value.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  return null;
}
