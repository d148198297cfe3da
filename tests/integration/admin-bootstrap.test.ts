import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { openDb } from '../../db/client';
import { describe, expect, it } from 'vitest';
import { adminAudit, sessions, staff } from '../../db/schema';
import { bootstrapAdmin, createHallFixture, systemClock } from '../support/admin-fixture';
import { withHallServer } from '../support/hall-server';
import { request } from '../support/http-client';
import { login } from '../support/server';

const { handle, server } = withHallServer();

/** Runs the operator CLI on the test database, with `input` on its standard input. */
function cli(args: string[], input: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

describe('first run and the operator CLI', () => {
  it('creates the district admin once, and never again whatever the variables say', async () => {
    expect(await bootstrapAdmin(handle.db, systemClock, { username: 'chief', password: 'first-password' })).toBe('created');
    const [chief] = await handle.db.select().from(staff).where(eq(staff.username, 'chief'));
    expect(chief?.role).toBe('admin');
    expect(chief?.hallId).toBeNull();
    expect(await bootstrapAdmin(handle.db, systemClock, { username: 'chief', password: 'changed-password' })).toBe('exists');
    expect(await bootstrapAdmin(handle.db, systemClock, { username: 'someone-else', password: 'other-password' })).toBe('exists');
    expect(await handle.db.select().from(staff).where(eq(staff.username, 'someone-else'))).toHaveLength(0);
    await expect(login(server.url, 'chief', 'changed-password')).rejects.toThrow();
    const cookie = await login(server.url, 'chief', 'first-password');
    const me = await request(server.url, '/api/v1/admin/me', { cookie });
    expect(me.json).toMatchObject({ me: { username: 'chief', scope: 'district', hall: null } });
    // The district admin sets up a hall from nothing.
    const hall = await request(server.url, '/api/v1/admin/halls', { method: 'POST', cookie, json: { slug: 'xinhall', name: '新大厅' } });
    expect(hall.status).toBe(201);
    const service = await request(server.url, '/api/v1/admin/halls/xinhall/services', { method: 'POST', cookie, json: { prefix: 'A', name: '综合受理' } });
    expect(service.status).toBe(201);
  });

  it('no admin exists only when none was ever made: a hall admin counts', async () => {
    await createHallFixture(handle.db);
    expect(await bootstrapAdmin(handle.db, systemClock, { username: 'late', password: 'late-password' })).toBe('exists');
  });

  it('the CLI reads the password from standard input, never from its arguments, and ends sessions', async () => {
    // Its own PGlite folder, so the test runs the same on either test database.
    const dir = mkdtempSync(path.join(tmpdir(), 'hb-admin-cli-'));
    const env = { DATA_DIR: dir, DATABASE_URL: '' };
    try {
      const created = await cli(['create-admin', 'operator'], 'typed-on-stdin\n', env);
      expect(created).toMatchObject({ code: 0 });
      const withArgument = await cli(['create-admin', 'other', 'password-in-args'], '', env);
      expect(withArgument.code).toBe(2);
      const short = await cli(['reset-password', 'operator'], 'short\n', env);
      expect(short.code).toBe(2);

      let db = await openDb({ dataDir: dir });
      const [operator] = await db.db.select().from(staff).where(eq(staff.username, 'operator'));
      expect(operator?.hallId).toBeNull();
      expect(await bcrypt.compare('typed-on-stdin', operator?.passwordHash ?? '')).toBe(true);
      expect(await db.db.select().from(staff).where(eq(staff.username, 'other'))).toHaveLength(0);
      const now = new Date();
      await db.db.insert(sessions).values({ id: 'live-session', staffId: operator?.id ?? '', createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000) });
      await db.close();

      expect((await cli(['reset-password', 'operator'], 'a-new-password\n', env)).code).toBe(0);
      expect((await cli(['disable', 'operator'], '', env)).code).toBe(0);
      db = await openDb({ dataDir: dir });
      const [after] = await db.db.select().from(staff).where(eq(staff.username, 'operator'));
      expect(after?.active).toBe(false);
      expect(await bcrypt.compare('a-new-password', after?.passwordHash ?? '')).toBe(true);
      const [session] = await db.db.select().from(sessions).where(eq(sessions.id, 'live-session'));
      expect(session?.revokedAt).not.toBeNull();
      const audit = await db.db.select().from(adminAudit);
      expect(audit.map((a) => a.action)).toEqual(['create', 'password.reset', 'disable']);
      expect(audit.every((a) => a.actorUsername.startsWith('cli:'))).toBe(true);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
