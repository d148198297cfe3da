'use client';

import { type ReactNode, createContext, useContext } from 'react';
import { type Locale, type Messages, defaultLocale, messagesFor } from '@/lib/i18n';

const LocaleContext = createContext<Locale>(defaultLocale);

/** The root layout resolves the language on the server and hands it down once. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useMessages(): Messages {
  return messagesFor(useContext(LocaleContext));
}
