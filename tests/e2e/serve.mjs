// Starts the whole app for the browser tests on a database of its own: a fresh
// PostgreSQL database (HB_TEST_DB=postgres, the default) or a fresh PGlite folder.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

const driver = process.env.HB_TEST_DB === 'pglite' ? 'pglite' : 'postgres';
const adminUrl = process.env.HB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const env = { ...process.env, DEMO_MODE: '1' };
let cleanup = async () => {};

if (driver === 'postgres') {
  const name = `hb_e2e_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  cleanup = async () => {
    const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await dropper.unsafe(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'hb-e2e-'));
  env.DATA_DIR = dir;
  delete env.DATABASE_URL;
  cleanup = async () => rmSync(dir, { recursive: true, force: true });
}

const child = spawn(process.execPath, ['scripts/start.mjs'], { stdio: 'inherit', env });
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await cleanup().catch(() => {});
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
child.on('exit', (code) => {
  if (!stopping) void cleanup().finally(() => process.exit(code ?? 1));
});
