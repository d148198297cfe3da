import { Head, Html, Main, NextScript } from 'next/document';
import type { DocumentProps } from 'next/document';

/**
 * The page's language on <html>, from the locale its getServerSideProps resolved. `nonce` is
 * the one Next read from the request's Content-Security-Policy (the custom server sets it): a
 * page that ships Next's runtime (its error page) needs it on those scripts; the citizen pages
 * ship none and tag their own inline scripts (components/citizen-shell.tsx).
 */
export default function Document(props: DocumentProps) {
  const pageProps = props.__NEXT_DATA__.props as { pageProps?: { locale?: string } } | undefined;
  return (
    <Html lang={pageProps?.pageProps?.locale ?? 'zh-CN'}>
      <Head nonce={props.nonce} />
      <body>
        <Main />
        <NextScript nonce={props.nonce} />
      </body>
    </Html>
  );
}
