import type { AppProps } from 'next/app';
import '../app/globals.css';
import '../app/(site)/citizen.css';
import '../components/text-size.css';
import '../components/home/home.css';

/** The Pages Router pages (the hall home) with the same global styles as the site. */
export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
