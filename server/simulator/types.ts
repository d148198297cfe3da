import type { OpeningPeriod } from '../../db/schema';

export interface SimService {
  id: string;
  prefix: string;
  kind: string;
  typicalServiceMinutes: number;
  openingHours: OpeningPeriod[];
}

export interface SimCounter {
  id: string;
  number: number;
  serviceIds: string[];
  /** The account bound to the counter: the clerk who works it. */
  staffId: string | null;
  /** Closed in the hall's configuration: opened on some days only (a spare counter). */
  spare: boolean;
}

export interface SimHall {
  id: string;
  slug: string;
  timeZone: string;
  services: SimService[];
  counters: SimCounter[];
  /** Decides refusals and answers cases. */
  leaderId: string | null;
}

export interface SimOptions {
  seed: string;
  /**
   * Volume multiplier for benchmarks: k times the citizens, served k times faster, so the
   * queues stay as long as at scale 1 while the tables hold k times the rows.
   */
  scale: number;
}

export interface SimEvent {
  type: string;
  at: Date;
  ticketId: string | null;
  counterId: string | null;
  actor: string;
  data: Record<string, unknown>;
  /** Creation order, to keep events at the same instant in causal order. */
  order: number;
}

export interface SimTicket {
  id: string;
  hallId: string;
  serviceId: string;
  day: string;
  seq: number | null;
  number: string;
  priorityClass: string;
  channel: string;
  status: string;
  version: number;
  queuedAt: Date;
  issuedAt: Date;
  calledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  counterId: string | null;
  staffId: string | null;
  parentTicketId: string | null;
  rootTicketId: string;
  token: string | null;
  outcome: string | null;
}
