import { cookies } from 'next/headers';
import { sessionCookieName } from '@/lib/session';
import { getServices } from '@/server/registry';

/**
 * The signed-in account for the console and the header, a district admin (bound to no hall)
 * included, which the staff pages' `signedInActor` leaves out on purpose. Server code only.
 */
export async function signedInAccount() {
  const jar = await cookies();
  return getServices().auth.authenticateAccount(jar.get(sessionCookieName)?.value);
}
