import { count, sql, sum } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { commands, counters, dailyCounters, events, halls, ratings, sessions, tickets } from '../../db/schema';

/** A value that must be there; throws instead of a non-null assertion. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is (string, bytes or a stream), with whatever headers are given. */
  raw?: BodyInit;
  cookie?: string;
  headers?: Record<string, string>;
}

/** One request over a real socket, with the body read and (when JSON) parsed. */
export async function request(baseUrl: string, path: string, options: RequestOptions = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  const init: RequestInit & { duplex?: 'half' } = { method: options.method ?? 'GET', headers, body };
  if (options.raw instanceof ReadableStream) init.duplex = 'half';
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Reads a nested property of a parsed JSON body, failing the test when it is not an object. */
export function field(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') throw new Error(`no object at ${path.join('.')} (stopped before ${key})`);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function str(value: unknown, ...path: string[]): string {
  const v = field(value, ...path);
  if (typeof v !== 'string') throw new Error(`expected a string at ${path.join('.')}, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Everything a refused request must leave untouched: row counts and the few
 * columns a wrongly accepted command would change.
 */
export async function dbSnapshot(db: Db) {
  const [[t], [e], [c], [s], [d], [r], [h], counterRows] = await Promise.all([
    db.select({ n: count(), versions: sum(tickets.version) }).from(tickets),
    db.select({ n: count() }).from(events),
    db.select({ n: count() }).from(commands),
    db
      .select({ n: count(), revoked: sql<number>`count(${sessions.revokedAt})::int` })
      .from(sessions),
    db.select({ n: count(), seqs: sum(dailyCounters.lastSeq) }).from(dailyCounters),
    db.select({ n: count() }).from(ratings),
    db.select({ seq: sum(halls.eventSeq) }).from(halls),
    db
      .select({ id: counters.id, status: counters.status, reason: counters.pauseReason })
      .from(counters)
      .orderBy(counters.id),
  ]);
  return {
    tickets: t?.n ?? -1,
    ticketVersions: Number(t?.versions ?? 0),
    events: e?.n ?? -1,
    commands: c?.n ?? -1,
    sessions: s?.n ?? -1,
    revokedSessions: Number(s?.revoked ?? 0),
    dailyCounters: d?.n ?? -1,
    dailySeqs: Number(d?.seqs ?? 0),
    ratings: r?.n ?? -1,
    eventSeq: Number(h?.seq ?? 0),
    counters: counterRows.map((row) => `${row.id}:${row.status}:${row.reason ?? ''}`).join(','),
  };
}

export type DbSnapshot = Awaited<ReturnType<typeof dbSnapshot>>;
