/** The staff session cookie the API sets on sign-in (server/http/router.ts owns the name). */
export const sessionCookieName = 'hb_session';
