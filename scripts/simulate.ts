/**
 * npm run simulate -- --days N [--hall slug] [--seed S] [--scale K] [--end YYYY-MM-DD]
 *
 * Writes a realistic history for the demo halls (every hall by default) on the configured
 * database — DATABASE_URL, or the PGlite folder DATA_DIR like `npm start` — then rolls the
 * days up for the leaders' history. Days that already hold tickets are left alone. Stop the
 * app first when it runs on PGlite: its folder is opened by one process only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDb } from '../db/client';
import { seedDemo } from '../db/seed';
import { systemClock } from '../server/domain/clock';
import { parseEnv } from '../server/env';
import { simulateHistory } from '../server/simulator/run';

const args = z.object({
  days: z.coerce.number().int().min(1).max(1000),
  hall: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
  seed: z.string().min(1).default('hallboard'),
  scale: z.coerce.number().min(0.1).max(20).default(1),
  end: z.iso.date().optional(),
});

async function main() {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      hall: { type: 'string', multiple: true },
      seed: { type: 'string' },
      scale: { type: 'string' },
      end: { type: 'string' },
    },
  });
  const parsed = args.safeParse(values);
  if (!parsed.success) {
    console.error(`usage: npm run simulate -- --days N [--hall slug] [--seed S] [--scale K] [--end YYYY-MM-DD]\n${parsed.error.message}`);
    process.exit(2);
  }
  const env = parseEnv(process.env);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const handle = await openDb({ url: env.DATABASE_URL, dataDir: path.resolve(root, env.DATA_DIR) });
  try {
    if (env.demo && (await seedDemo(handle.db, { password: env.DEMO_PASSWORD }))) console.info('demo halls seeded');
    const started = performance.now();
    const summary = await simulateHistory(handle.db, {
      halls: parsed.data.hall,
      days: parsed.data.days,
      seed: parsed.data.seed,
      scale: parsed.data.scale,
      endDay: parsed.data.end,
      clock: systemClock,
      log: (line) => console.info(line),
    });
    const tickets = summary.written.reduce((n, d) => n + d.tickets, 0);
    const events = summary.written.reduce((n, d) => n + d.events, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`${summary.written.length} hall-days written (${tickets} tickets, ${events} events), ${summary.skipped.length} skipped (already had tickets), ${summary.rolledUp} rolled up, in ${seconds} s`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
