import { guardPostgresDriver } from '../../server/postgres-guard';

// The server installs the postgres.js guard (server/postgres-guard-hook.mjs) before the driver
// loads; test workers load the driver too, and the outage and kill tests meet the same fault
// (an uncaught "Cannot read properties of null (reading 'write')" from a write scheduled after
// the socket closed). Without the guard such a test passes and the run still fails on the
// stray exception.
if (!guardPostgresDriver()) throw new Error('could not register the postgres.js guard hook in the test worker');
