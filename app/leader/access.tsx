import { LogoutButton } from '@/components/logout-button';
import { SignInPage, YourPlaces, type placesOf } from '@/components/staff-gate';
import { format, type Messages } from '@/lib/i18n';

/** Who is signed in on a leaders' page (null: nobody). Authorisation is the metrics service's. */
export { signedInActor } from '@/components/staff-gate';

/** Sign-in for leaders (or, for a district admin, why this screen is not theirs): after it the same page renders again. */
export function LeaderLogin({ t }: { t: Messages }) {
  return (
    <div className="lb-gate">
      <SignInPage title={t.leader.loginTitle} />
    </div>
  );
}

export function LeaderRefused({ message, name, account }: { message: string; name: string; account: Parameters<typeof placesOf>[0] }) {
  return (
    <div className="lb-gate">
      <div className="page page-narrow">
        <section className="card empty-state">
          <p data-testid="leader-refused">{format(message, { name })}</p>
          <YourPlaces account={account} />
          <LogoutButton />
        </section>
      </div>
    </div>
  );
}
