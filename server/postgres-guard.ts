import { register } from 'node:module';

/**
 * Installs server/postgres-guard-hook.mjs before postgres.js is first imported (db/client.ts
 * imports it lazily). Returns false when this Node cannot register hooks; the process policy
 * (server/process-policy.ts) still logs the fault then.
 */
export function guardPostgresDriver(): boolean {
  try {
    register('./postgres-guard-hook.mjs', import.meta.url);
    return true;
  } catch {
    return false;
  }
}
