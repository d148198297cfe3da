import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { I18nProvider } from '@/components/i18n';
import { getMessages } from '@/lib/locale';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: { default: t.app.name, template: `%s · ${t.app.name}` }, description: t.app.fullName };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#1456b8',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getMessages();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} messages={t}>{children}</I18nProvider>
      </body>
    </html>
  );
}
