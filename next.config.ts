import type { NextConfig } from 'next';

const config: NextConfig = {
  // The database drivers live in the custom server only; keeping them out of the
  // bundle stops PGlite's WASM and postgres.js from being loaded twice.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'pino', 'prom-client', 'bcryptjs'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
