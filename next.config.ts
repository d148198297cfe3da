import type { NextConfig } from 'next';

const config: NextConfig = {
  // The database drivers live in the custom server only; keeping them out of the
  // bundle stops PGlite's WASM and postgres.js from being loaded twice.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', 'prom-client', 'bcryptjs'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc beside the build (scripts/test.sh), so
  // its build skips Next's own pass over the same files; every other build keeps it.
  typescript: { ignoreBuildErrors: process.env.HB_BUILD_TYPECHECK === 'off' },
  reactStrictMode: true,
};

export default config;
