import Link from 'next/link';
import { cookies } from 'next/headers';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { sessionCookieName } from '@/lib/session';
import { getServices } from '@/server/registry';

type Place = 'admin' | 'leader' | 'duty' | 'counter' | 'volunteer' | 'inspect';
const placePaths: Record<Place, string> = {
  admin: '/admin',
  leader: '/leader',
  duty: '/duty',
  counter: '/counter',
  volunteer: '/volunteer',
  inspect: '/inspect',
};

/** Where an account works, by role: what a page that is not theirs links to. */
export function placesOf(account: { role: string; hallId: string | null; counterId: string | null }): Place[] {
  if (account.role === 'admin') return account.hallId ? ['admin', 'leader', 'duty'] : ['admin'];
  if (account.role === 'leader') return ['leader', 'duty'];
  if (account.role === 'staff') return account.counterId ? ['counter', 'volunteer'] : ['volunteer'];
  if (account.role === 'volunteer') return ['volunteer'];
  if (account.role === 'inspector') return ['inspect'];
  return [];
}

/**
 * Who is signed in on a staff page (null: nobody), from the session cookie. Pages only
 * choose what to render with it; every command they send is authorised again by its service.
 */
export async function signedInActor() {
  const jar = await cookies();
  return getServices().auth.authenticate(jar.get(sessionCookieName)?.value);
}

/** Links to the pages the account does belong on. */
export async function YourPlaces({ account }: { account: Parameters<typeof placesOf>[0] }) {
  const { t } = await getMessages();
  const places = placesOf(account);
  if (places.length === 0) return null;
  return (
    <p data-testid="your-places">
      {t.gate.yourPlace}{' '}
      {places.map((p, i) => (
        <span key={p}>
          {i > 0 ? '、' : ''}
          <Link href={placePaths[p]} data-testid={`go-${p}`}>
            {t.gate.places[p]}
          </Link>
        </span>
      ))}
    </p>
  );
}

/**
 * Nobody from a hall is signed in: the sign-in form, unless the session is a district
 * admin's (an account of no hall), who is told why this page is not theirs and where to go.
 */
export async function SignInPage({ title }: { title?: string }) {
  const jar = await cookies();
  const account = await getServices().auth.authenticateAccount(jar.get(sessionCookieName)?.value);
  if (account && !account.hallId) {
    const { t } = await getMessages();
    return (
      <div className="page page-narrow">
        <section className="card empty-state">
          <h1>{t.gate.districtTitle}</h1>
          <p data-testid="district-admin-here">{format(t.gate.districtAdmin, { name: account.displayName })}</p>
          <YourPlaces account={account} />
          <LogoutButton />
        </section>
      </div>
    );
  }
  // The server says whether single sign-on is configured: no button for what it cannot do.
  const oidc = getServices().oidcSignIn;
  return (
    <div className="page page-login">
      <LoginForm {...(title === undefined ? {} : { title })} sso={oidc ? { label: oidc.label } : null} />
    </div>
  );
}

/** A signed-in person this page is not for: say so by name, link their own pages, offer to sign out. */
export function NotForYouPage({
  title,
  message,
  name,
  testId,
  account,
}: {
  title: string;
  message: string;
  name: string;
  testId: string;
  account: Parameters<typeof placesOf>[0];
}) {
  return (
    <div className="page page-narrow">
      <section className="card empty-state">
        <h1>{title}</h1>
        <p data-testid={testId}>{format(message, { name })}</p>
        <YourPlaces account={account} />
        <LogoutButton />
      </section>
    </div>
  );
}
