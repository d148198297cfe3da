'use client';

import { type ReactNode, createContext, useContext } from 'react';
import { type Locale, type Messages, defaultLocale } from '@/lib/i18n';

const LocaleContext = createContext<Locale>(defaultLocale);
const MessagesContext = createContext<Messages | null>(null);

/**
 * The root layout resolves the language on the server and hands it down once, with that
 * language's catalog: the catalogs are never imported by client code, so a page's bundle
 * carries no catalog and its RSC payload only the one it shows.
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return (
    <LocaleContext.Provider value={locale}>
      <MessagesContext.Provider value={messages}>{children}</MessagesContext.Provider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

export function useMessages(): Messages {
  const messages = useContext(MessagesContext);
  if (!messages) throw new Error('useMessages() outside I18nProvider: the root layout must provide the catalog');
  return messages;
}
