import type { z } from 'zod';
import type { StaffActor } from '../services/actors';
import { type Result, ok } from '../services/result';
import { type Reply, type Route, type RouteContext, route } from './router';

/** A staff route's context: the router has authenticated the session, so the actor is there. */
export type StaffRouteContext<P, B, Q> = Omit<RouteContext<P, B, Q>, 'actor'> & { actor: StaffActor };

export type StaffRouteSpec<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType> = Omit<Route<P, B, Q>, 'auth' | 'handler'> & {
  handler: (ctx: StaffRouteContext<z.infer<P>, z.infer<B>, z.infer<Q>>) => Promise<Reply | Result<unknown>>;
};

/**
 * A route for a signed-in member of staff (any role; the service decides what the role
 * may do). It sets `auth`, so the router refuses a missing or ended session with 401
 * before the handler runs, and hands the handler that actor.
 */
export function staffRoute<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType>(spec: StaffRouteSpec<P, B, Q>): Route {
  const { handler, ...rest } = spec;
  return route<P, B, Q>({ ...rest, auth: true, handler: (ctx) => handler({ ...ctx, actor: ctx.actor as StaffActor }) });
}

/** A successful result's data under one key (`{ ticket }`, `{ appointment }`); failures pass through. */
export function wrap<K extends string, T>(key: K, result: Result<T>): Result<Record<K, T>> {
  return result.ok ? ok({ [key]: result.data } as Record<K, T>) : result;
}
