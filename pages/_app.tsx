import type { AppProps } from 'next/app';
import '../app/globals.css';
import '../app/(site)/citizen.css';
import '../components/text-size.css';
import '../components/home/home.css';
import '../app/(site)/conditional.css';
import '../components/ticket-page/ticket.css';

/** The Pages Router pages (the hall home, the ticket page) with the same global styles as the site. */
export default function App({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
