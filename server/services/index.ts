import { eq } from 'drizzle-orm';
import { visitBeats } from './visit-beats';
import type { Db } from '../../db/client';
import { counters as counterTable } from '../../db/schema';
import type { CounterState } from '../contracts/api';
import { maskIdNumbersIn } from '../domain/masking';
import type { StaffActor } from './actors';
import { type Result, fail, ok } from './result';
import type { Clock } from '../domain/clock';
import { createAppointmentService } from './appointments';
import { createAppointmentsTodayService } from './appointments-today';
import { createCheckInService } from './appointment-check-in';
import { createAdminService } from './admin';
import { createAuthService } from './auth';
import { createCitizenTicketCommands } from './citizen-ticket-commands';
import { createCaseLookupService } from './case-lookup';
import { createCitizenWriteLimits } from './citizen-write-limits';
import { createTicketFinder } from './ticket-finder';
import { createGuessLimiter } from './guess-limiter';
import { type CommittedListener, createCommandRunner } from './command';
import { createCounterCommands } from './counter-commands';
import { createDisplayDeviceService } from './display-devices';
import { createDutyBoardService } from './duty-board';
import { createDutyRosterService } from './duty-roster';
import { createPrintService } from './print-documents';
import { createRefusalService } from './refusals';
import { createCaseService } from './unresolved-cases';
import { createAssistedIntake } from './assisted-intake';
import { createCaseProgressService } from './cases';
import { createConditionalService } from './conditional-acceptances';
import { createConditionalReminders } from './outbox/citizen-messages';
import { createPersonalDataService } from './personal-data';
import { createHallService } from './halls';
import { createLiveMetricsService } from './metrics/live';
import { createDailyReportService } from './metrics/daily-report';
import { createHistoryService } from './metrics/history';
import { counterStateOf } from './staff-views';
import { createTicketService } from './tickets';
import { createInspectionPhotoService } from './rectification/inspection-photos';
import { createInspectionService } from './rectification/inspections';
import { createWorkOrderService } from './rectification/work-orders';
import { createCitizenIntake } from './citizen-intake';
import { createHallHomeService } from './hall-home';
import { createHallForecasts } from './hall-forecasts';
import { createIntakeLimits } from './intake-limits';
import type { RateLimitDriver } from './rate-limit-driver';
import { type SignInPolicy, createSignInGuard } from './sign-in-guard';
import { type OidcSettings, createOidcSignIn } from './oidc-sign-in';

export interface ServicesDeps {
  db: Db;
  clock: Clock;
  publicUrl?: string | undefined;
  /** 取号 and wrong-guess rate limits: in memory unless told (Redis for several processes, off for load tests). */
  rateLimits?: RateLimitDriver;
  /** The sign-in guessing limits, when not the defaults (tests). */
  signInPolicy?: Partial<SignInPolicy>;
  /** Single sign-on through an OpenID provider (OIDC_*); none when not configured. */
  oidc?: OidcSettings | undefined;
  /**
   * The SMS kinds this server can send (an account and the kind's template configured): what
   * the phone fields may promise. None unless told.
   */
  smsKinds?: readonly string[];
}

/** Wires every use case to one database handle and one clock. */
/**
 * A counter's state as someone other than its clerk (a leader, another clerk) reads it: ID
 * numbers in the notes and reasons are for the clerk who handles the visit.
 */
function withIdNumbersMasked(state: CounterState): CounterState {
  const note = <T extends { note: string | null }>(t: T): T => (t.note === null ? t : { ...t, note: maskIdNumbersIn(t.note) });
  return {
    ...state,
    current: state.current ? note(state.current) : null,
    parked: state.parked.map(note),
    refusals: state.refusals.map((r) => ({ ...r, reason: maskIdNumbersIn(r.reason), comment: r.comment === null ? null : maskIdNumbersIn(r.comment) })),
  };
}

/** Who reads a counter's state. */
const counterReaders: ReadonlySet<string> = new Set(['staff', 'leader', 'admin']);

export function createServices({ db, clock, publicUrl, rateLimits = { kind: 'memory' }, signInPolicy, oidc, smsKinds = [] }: ServicesDeps) {
  const textsOnCallConfigured = smsKinds.includes('ticket.called');
  const listeners: CommittedListener[] = [];
  const runCommand = createCommandRunner(db, clock, listeners);
  /** The hall's forward play of its call order: every wait every surface shows. */
  const forecasts = createHallForecasts({ db, clock });
  const tickets = createTicketService({ db, clock, runCommand, publicUrl, forecasts });
  const writeLimits = createCitizenWriteLimits({ db, clock, driver: rateLimits });
  const assisted = createAssistedIntake({ db, clock, tickets, publicUrl });
  const appointments = createAppointmentService({
    db,
    clock,
    runCommand,
    limiter: createGuessLimiter(rateLimits, 'appointment-code'),
    writeLimits,
    publicUrl,
  });
  const auth = createAuthService({ db, clock, guard: createSignInGuard(rateLimits, signInPolicy) });
  const displayDevices = createDisplayDeviceService({ db, clock });
  const dutyRoster = createDutyRosterService({ db, clock, runCommand });
  const liveMetrics = createLiveMetricsService({ db, clock, forecasts });
  const history = createHistoryService({ db, clock });
  return {
    db,
    clock,
    /** Called after each commit with the events it appended, in seq order. */
    onCommitted: (listener: CommittedListener) => {
      listeners.push(listener);
    },
    halls: createHallService({ db, clock, forecasts, textsOnCallConfigured }),
    forecasts,
    tickets,
    citizenTickets: createCitizenTicketCommands({ db, runCommand, resolveVisit: tickets.resolveVisit, view: tickets.view }),
    /** 取号 by citizens (phone, web, kiosk) within the hall's limits; only normal numbers. */
    citizenIntake: createCitizenIntake({
      db,
      clock,
      tickets: { issue: (hallRef, body, key) => assisted.issue(hallRef, body, null, key) },
      limits: createIntakeLimits(rateLimits),
    }),
    hallHome: createHallHomeService({ db, clock, forecasts, textsOnCallConfigured }),
    refusals: createRefusalService({ runCommand }),
    cases: createCaseService({ db, clock, runCommand, resolveVisit: tickets.resolveVisit, writeLimits }),
    dutyRoster,
    dutyBoard: createDutyBoardService({ db, clock }),
    conditional: createConditionalService({ db, clock, runCommand, resolveVisit: tickets.resolveVisit }),
    /** 容缺 reminders and overdue notices by SMS, written by a sweep (server/main.ts, every minute). */
    conditionalReminders: createConditionalReminders({ db, clock, runCommand }),
    caseProgress: createCaseProgressService({ runCommand }),
    /** Numbers taken by volunteers and staff for citizens, with a priority class. */
    intake: assisted,
    workOrders: createWorkOrderService({ db, clock, runCommand }),
    personalData: createPersonalDataService({ db, clock }),
    inspections: createInspectionService({ db, clock, runCommand }),
    inspectionPhotos: createInspectionPhotoService({ db, runCommand }),
    appointments: {
      ...appointments,
      ...createCheckInService({ db, clock, runCommand, limiter: createGuessLimiter(rateLimits, 'check-in'), appointments, forecasts }),
    },
    /** Today's bookings for the counter console, /duty and the leaders' screen. */
    appointmentsToday: createAppointmentsTodayService({ db, clock, sweepHall: appointments.sweepHall }),
    /** 办件查询: the citizen's lookup by case number and phone last 4. */
    caseLookup: createCaseLookupService({ db, limiter: createGuessLimiter(rateLimits, 'case-lookup') }),
    /** 找回排队号: today's tickets of a phone, with the number of one of them. */
    ticketFinder: createTicketFinder({
      db,
      clock,
      limiter: createGuessLimiter(rateLimits, 'ticket-finder'),
      statusOf: async (token) => {
        const view = await tickets.view(token);
        return view.ok ? view.data.status : null;
      },
      ticketUrl: (token) => `${publicUrl ?? ''}/t/${token}`,
    }),
    liveMetrics,
    history,
    /** 晨会日报: a day of a hall through history's figures, with what is open now. */
    dailyReport: createDailyReportService({ db, clock, history, liveMetrics }),
    /** Printed paper for citizens without a phone: slips and documents of a visit. */
    print: createPrintService({ db, clock, tickets, publicUrl }),
    counters: {
      ...createCounterCommands({ runCommand }),
      /**
       * Counter staff, leaders and admins of a hall may look at any of its counters (queue,
       * current ticket, staff notes); volunteers and inspectors may not; nobody sees another hall's.
       */
      state: async (actor: StaffActor, counterId: string): Promise<Result<CounterState>> => {
        if (!counterReaders.has(actor.role)) return fail('FORBIDDEN', "Only the hall's counter staff, leaders and admins see a counter's state");
        const [counter] = await db.select({ hallId: counterTable.hallId }).from(counterTable).where(eq(counterTable.id, counterId));
        if (!counter) return fail('NOT_FOUND', 'Counter not found');
        if (counter.hallId !== actor.hallId) return fail('FORBIDDEN', 'This counter belongs to another hall');
        const state = await counterStateOf(db, counterId, clock.now());
        if (!state) return fail('NOT_FOUND', 'Counter not found');
        return ok(actor.counterId === counterId ? state : withIdNumbersMasked(state));
      },
    },
    auth,
    /** Staff sign-in through the hall's OpenID provider; null when OIDC_* is not set. */
    oidcSignIn: oidc ? createOidcSignIn(oidc, { auth }) : null,
    displayDevices,
    /** The current ticket of each visit, for the /ticket heartbeat. */
    visitBeats: (rootIds: string[]) => visitBeats(db, rootIds),
    /** Hall administration (/api/v1/admin/…): halls, services, counters, accounts, notices, audit. */
    admin: createAdminService({ db, clock, runCommand, auth, displayDevices, dutyRoster }),
    /** Readiness: the database answers. */
    ping: async () => {
      await db.execute('select 1');
    },
  };
}

export type Services = ReturnType<typeof createServices>;
