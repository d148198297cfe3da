import { LoginForm } from '@/components/login-form';
import { LogoutButton } from '@/components/logout-button';
import { format, type Messages } from '@/lib/i18n';

/** Who is signed in on a leaders' page (null: nobody). Authorisation is the metrics service's. */
export { signedInActor } from '@/components/staff-gate';

/** Sign-in for leaders: after it the same page renders again, now with the screen. */
export function LeaderLogin({ t }: { t: Messages }) {
  return (
    <div className="lb-gate">
      <div className="page page-login">
        <LoginForm title={t.leader.loginTitle} />
      </div>
    </div>
  );
}

export function LeaderRefused({ message, name }: { message: string; name: string }) {
  return (
    <div className="lb-gate">
      <div className="page page-narrow">
        <section className="card empty-state">
          <p data-testid="leader-refused">{format(message, { name })}</p>
          <LogoutButton />
        </section>
      </div>
    </div>
  );
}
