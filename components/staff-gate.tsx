import { cookies } from 'next/headers';
import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format } from '@/lib/i18n';
import { sessionCookieName } from '@/lib/session';
import { getServices } from '@/server/registry';

/**
 * Who is signed in on a staff page (null: nobody), from the session cookie. Pages only
 * choose what to render with it; every command they send is authorised again by its service.
 */
export async function signedInActor() {
  const jar = await cookies();
  return getServices().auth.authenticate(jar.get(sessionCookieName)?.value);
}

/** Sign-in in place: after it the same page renders again, now for the signed-in person. */
export function SignInPage({ title }: { title?: string }) {
  return (
    <div className="page page-login">
      <LoginForm {...(title === undefined ? {} : { title })} />
    </div>
  );
}

/** A signed-in person this page is not for: say so by name, and offer to sign out. */
export function NotForYouPage({ title, message, name, testId }: { title: string; message: string; name: string; testId: string }) {
  return (
    <div className="page page-narrow">
      <section className="card empty-state">
        <h1>{title}</h1>
        <p data-testid={testId}>{format(message, { name })}</p>
        <LogoutButton />
      </section>
    </div>
  );
}
