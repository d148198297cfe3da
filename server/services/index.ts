import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { counters as counterTable } from '../../db/schema';
import type { CounterState } from '../contracts/api';
import type { StaffActor } from './actors';
import { type Result, fail, ok } from './result';
import type { Clock } from '../domain/clock';
import { createAuthService } from './auth';
import { type CommittedListener, createCommandRunner } from './command';
import { createCounterCommands } from './counter-commands';
import { createDisplayDeviceService } from './display-devices';
import { createDutyBoardService } from './duty-board';
import { createDutyRosterService } from './duty-roster';
import { createRefusalService } from './refusals';
import { createCaseService } from './unresolved-cases';
import { createHallService } from './halls';
import { createHistoryService } from './metrics/history';
import { counterStateOf } from './staff-views';
import { createTicketService } from './tickets';

export interface ServicesDeps {
  db: Db;
  clock: Clock;
  publicUrl?: string | undefined;
}

/** Wires every use case to one database handle and one clock. */
export function createServices({ db, clock, publicUrl }: ServicesDeps) {
  const listeners: CommittedListener[] = [];
  const runCommand = createCommandRunner(db, clock, listeners);
  const tickets = createTicketService({ db, clock, runCommand, publicUrl });
  return {
    db,
    clock,
    /** Called after each commit with the events it appended, in seq order. */
    onCommitted: (listener: CommittedListener) => {
      listeners.push(listener);
    },
    halls: createHallService({ db, clock }),
    tickets,
    refusals: createRefusalService({ runCommand }),
    cases: createCaseService({ db, clock, runCommand, resolveVisit: tickets.resolveVisit }),
    dutyRoster: createDutyRosterService({ db, clock, runCommand }),
    dutyBoard: createDutyBoardService({ db, clock }),
    history: createHistoryService({ db, clock }),
    counters: {
      ...createCounterCommands({ runCommand }),
      /** Staff of a hall may look at any of its counters; nobody sees another hall's. */
      state: async (actor: StaffActor, counterId: string): Promise<Result<CounterState>> => {
        const [counter] = await db.select({ hallId: counterTable.hallId }).from(counterTable).where(eq(counterTable.id, counterId));
        if (!counter) return fail('NOT_FOUND', 'Counter not found');
        if (counter.hallId !== actor.hallId) return fail('FORBIDDEN', 'This counter belongs to another hall');
        const state = await counterStateOf(db, counterId, clock.now());
        return state ? ok(state) : fail('NOT_FOUND', 'Counter not found');
      },
    },
    auth: createAuthService({ db, clock }),
    displayDevices: createDisplayDeviceService({ db, clock }),
    /** Readiness: the database answers. */
    ping: async () => {
      await db.execute('select 1');
    },
  };
}

export type Services = ReturnType<typeof createServices>;
