import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { halls } from '../db/schema';
import type { Env } from './env';
import { anyAdminExists } from './services/admin/accounts';

/**
 * What the console says after `npm start`: where each surface is and how to sign in, so a
 * newcomer never has to guess a URL or an account.
 */
export async function startupGuide(db: Db, env: Env, base: string): Promise<string[]> {
  const rows = await db.select({ slug: halls.slug, name: halls.name }).from(halls).orderBy(asc(halls.createdAt));
  const lines = ['', `Start page (every surface of every hall): ${base}/`];
  for (const hall of rows) {
    lines.push(`  ${hall.name} (${hall.slug}): take a number ${base}/h/${hall.slug} · TV ${base}/display/${hall.slug} · kiosk ${base}/kiosk/${hall.slug}`);
  }
  lines.push(`Counter ${base}/counter · duty leader ${base}/duty · leaders ${base}/leader · admin ${base}/admin`);
  if (env.demo) {
    lines.push(`Sign in (demo mode): admin, leader, c01, c02, … with the password from DEMO_PASSWORD${env.DEMO_PASSWORD === 'demo1234' ? ' (demo1234)' : ''}`);
  } else if (await anyAdminExists(db)) {
    lines.push(`Sign in at ${base}/admin with your admin account and set up halls, services, counters and staff there.`);
    lines.push('Lost the admin password? On this server: npm run admin -- reset-password <username>');
  } else {
    lines.push('No admin account yet. Restart with BOOTSTRAP_ADMIN_USERNAME and BOOTSTRAP_ADMIN_PASSWORD set,');
    lines.push('or on this server: npm run admin -- create-admin <username>  (the password is read from standard input)');
  }
  if (env.secureCookies && !base.startsWith('https:')) {
    lines.push('Sign-in cookies are Secure: browsers keep them only over HTTPS (or on localhost). Serve the hall');
    lines.push('behind HTTPS, or for a plain-HTTP hall network set SECURE_COOKIES=off (README, Security).');
  }
  return lines;
}
