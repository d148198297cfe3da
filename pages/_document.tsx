import { Head, Html, Main, NextScript } from 'next/document';
import type { DocumentProps } from 'next/document';

/** The page's language on <html>, from the locale its getServerSideProps resolved. */
export default function Document(props: DocumentProps) {
  const pageProps = props.__NEXT_DATA__.props as { pageProps?: { locale?: string } } | undefined;
  return (
    <Html lang={pageProps?.pageProps?.locale ?? 'zh-CN'}>
      <Head />
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
