import type { Services } from './services';

/**
 * Next.js bundles route and page code apart from the custom server, so a module
 * imported by both exists twice. Live objects are shared through this one slot on
 * globalThis, filled by server/main.ts before Next handles a request.
 */
interface Registry {
  services: Services;
}

const slot = Symbol.for('hallboard.registry');
type Holder = { [slot]?: Registry };

export function setRegistry(registry: Registry): void {
  (globalThis as Holder)[slot] = registry;
}

export function getServices(): Services {
  const registry = (globalThis as Holder)[slot];
  if (!registry) throw new Error('Hallboard services are not running: start the app with `npm start`');
  return registry.services;
}
