import type * as schemas from './schemas';

type Schemas = typeof schemas;

/** One of ./schemas, loaded when a request first needs it (see lib/api-client `LazySchema`). */
export const ticketSchema =
  <K extends keyof Schemas>(key: K) =>
  (): Promise<Schemas[K]> =>
    import('./schemas').then((m) => m[key]);
