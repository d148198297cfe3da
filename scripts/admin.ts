// The operator's tool on the server: `npm run admin -- create-admin|reset-password|disable <username>`.
// The password is read from standard input (one line), never from the arguments, so it stays
// out of the shell history and the process list. Works on DATABASE_URL or the PGlite DATA_DIR
// (stop the server first on PGlite: its data folder is opened by one process at a time).
import path from 'node:path';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { openDb } from '../db/client';
import { adminAudit, staff } from '../db/schema';
import { systemClock } from '../server/domain/clock';
import { endSessions, findAccount, hashPassword, insertAccount, minPasswordLength } from '../server/services/admin/accounts';

const usage = 'usage: npm run admin -- create-admin|reset-password|disable <username>   (password on standard input)';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (the input is shown; pipe it in to hide it): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && Buffer.concat(chunks).includes(10)) break;
  }
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}

async function main(): Promise<number> {
  const [command, username, ...extra] = process.argv.slice(2);
  if (!command || !username || extra.length > 0 || !['create-admin', 'reset-password', 'disable'].includes(command)) {
    console.error(usage);
    return 2;
  }
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(username)) {
    console.error('The username takes 2 to 64 letters, digits, . _ -');
    return 2;
  }
  let password = '';
  if (command !== 'disable') {
    password = await readPassword();
    if (password.length < minPasswordLength) {
      console.error(`The password needs at least ${minPasswordLength} characters (read from standard input)`);
      return 2;
    }
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const handle = await openDb({ url: process.env.DATABASE_URL, dataDir: path.resolve(root, process.env.DATA_DIR ?? './data/pglite'), poolSize: 1 });
  try {
    const now = systemClock.now();
    const actor = `cli:${userInfo().username}`;
    const message = await handle.db.transaction(async (tx) => {
      const existing = await findAccount(tx, username);
      const audit = (hallId: string | null, entityId: string, action: string, after: Record<string, unknown> | null) =>
        tx.insert(adminAudit).values({ hallId, at: now, actorId: null, actorUsername: actor, ip: 'local', entity: 'staff', entityId, action, before: null, after });
      if (command === 'create-admin') {
        if (existing) return { error: `An account named ${username} exists; use reset-password` };
        const row = await insertAccount(tx, { username, displayName: username, role: 'admin', hallId: null, password }, now);
        await audit(null, row.id, 'create', { username, role: 'admin', hallId: null });
        return { ok: `District admin ${username} created. Sign in at /admin.` };
      }
      if (!existing) return { error: `No account named ${username}` };
      if (command === 'reset-password') {
        await tx.update(staff).set({ passwordHash: await hashPassword(password) }).where(eq(staff.id, existing.id));
        const ended = await endSessions(tx, systemClock, existing.id);
        await audit(existing.hallId, existing.id, 'password.reset', null);
        return { ok: `Password of ${username} set; ${ended.length} session(s) ended.` };
      }
      await tx.update(staff).set({ active: false }).where(eq(staff.id, existing.id));
      const ended = await endSessions(tx, systemClock, existing.id);
      await audit(existing.hallId, existing.id, 'disable', { active: false });
      return { ok: `${username} disabled; ${ended.length} session(s) ended.` };
    });
    if ('error' in message) {
      console.error(message.error);
      return 1;
    }
    // Sockets of the ended sessions close at their next check: a running server re-reads
    // the session on every reconnect and every command, so an ended session acts no more.
    console.info(message.ok);
    return 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
