import { randomUUID } from 'node:crypto';
import { type HallboardProcess, sleep } from './apps';

/**
 * The chaos run's load: citizens taking numbers (取号) and clerks calling, starting and
 * completing them, about 200 commands a minute spread over both processes. Every command
 * carries an Idempotency-Key and is retried with the same key, on the other process, until it
 * is answered (or for `giveUpMs`), as a kiosk, a phone page or a counter console would; some are
 * sent twice at once on purpose (a double tap). Every attempt is recorded for the checks.
 */

export type CommandKind = 'issue' | 'call-next' | 'start' | 'complete';

export interface Attempt {
  at: number;
  ms: number;
  status: number;
  process: string;
  code?: string;
}

export interface CommandRecord {
  kind: CommandKind;
  key: string;
  counterId?: string;
  phone?: string;
  attempts: Attempt[];
  /** Answered 2xx: the command is acknowledged and must be in the database exactly once. */
  acked: boolean;
  /** The ticket id of every 2xx answer (null: call-next found nobody): must all agree. */
  answers: Array<string | null>;
  /** The bodies of 2xx 取号 answers (all must be identical). */
  bodies: string[];
  refused?: string;
}

export interface IssuedTicket {
  id: string;
  number: string;
  token: string;
  at: number;
}

export interface LoadOptions {
  hall: string;
  processes: HallboardProcess[];
  clerks: string[];
  password: string;
  /** 取号 a minute. */
  issuesPerMinute: number;
  /** Pause between a clerk's commands (ms, mean). */
  clerkPauseMs: number;
  /** Share of commands sent twice at once with the same key. */
  doubleShare: number;
  giveUpMs: number;
  onIssued: (ticket: IssuedTicket) => void;
  onCompleted: (ticketId: string) => void;
}

const requestTimeoutMs = 10_000;

export class Load {
  readonly commands: CommandRecord[] = [];
  private running = false;
  private cursor = 0;
  private phoneSeq = 0;
  private readonly loops: Array<Promise<void>> = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  serviceIds: string[] = [];

  constructor(private readonly options: LoadOptions) {}

  /** The next process in turn: requests and retries go round both, as a balancer would send them. */
  private pick(): HallboardProcess {
    const list = this.options.processes;
    this.cursor = (this.cursor + 1) % list.length;
    return list[this.cursor] as HallboardProcess;
  }

  async prepare(prefixes: string[]): Promise<void> {
    const res = await fetch(`${this.options.processes[0]?.url}/api/v1/halls/${this.options.hall}`);
    const body = (await res.json()) as { services: Array<{ id: string; prefix: string }> };
    this.serviceIds = body.services.filter((s) => prefixes.includes(s.prefix)).map((s) => s.id);
    if (this.serviceIds.length === 0) throw new Error('no services to take numbers for');
  }

  start(): void {
    this.running = true;
    this.loops.push(this.issueLoop());
    for (const clerk of this.options.clerks) this.loops.push(this.clerkLoop(clerk));
  }

  /** Stops sending new commands and waits for those in flight (they retry until answered). */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all([...this.inFlight]);
  }

  private async issueLoop(): Promise<void> {
    const gap = 60_000 / this.options.issuesPerMinute;
    while (this.running) {
      const work = this.issueOne();
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
      await sleep(gap * (0.5 + Math.random()));
    }
  }

  private async issueOne(): Promise<void> {
    this.phoneSeq += 1;
    const phone = `139${String(this.phoneSeq).padStart(8, '0')}`;
    const serviceId = this.serviceIds[Math.floor(Math.random() * this.serviceIds.length)] as string;
    const record = await this.command('issue', `/api/v1/halls/${this.options.hall}/tickets`, { serviceId, channel: 'phone', phone }, undefined, {
      phone,
    });
    const body = record.bodies[0];
    if (record.acked && body) {
      const ticket = (JSON.parse(body) as { ticket: { id: string; number: string; token: string } }).ticket;
      this.options.onIssued({ id: ticket.id, number: ticket.number, token: ticket.token, at: performance.now() });
    }
  }

  private async clerkLoop(username: string): Promise<void> {
    const { cookie, counterId } = await this.signIn(username);
    const pause = () => sleep(this.options.clerkPauseMs * (0.5 + Math.random()));
    while (this.running) {
      const called = await this.command('call-next', `/api/v1/counters/${counterId}/call-next`, {}, cookie, { counterId });
      await pause();
      if (!called.acked || !called.answers[0]) continue;
      const started = await this.command('start', `/api/v1/counters/${counterId}/start`, {}, cookie, { counterId });
      await pause();
      if (!started.acked) continue;
      const completed = await this.command('complete', `/api/v1/counters/${counterId}/complete`, {}, cookie, { counterId });
      if (completed.acked && completed.answers[0]) this.options.onCompleted(completed.answers[0]);
      await pause();
    }
  }

  private async signIn(username: string): Promise<{ cookie: string; counterId: string }> {
    for (;;) {
      try {
        const res = await fetch(`${this.pick().url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: this.options.password }),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const body = (await res.json()) as { me?: { counterId: string | null } };
        const cookie = /hb_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
        if (res.ok && cookie && body.me?.counterId) return { cookie, counterId: body.me.counterId };
      } catch {
        // Not answering (being killed): try the other one.
      }
      await sleep(500);
    }
  }

  /**
   * Sends one command until it is answered: the same key each time, each retry to the next
   * process; a 4xx other than 408/429 is a refusal and ends it. Sometimes two copies at once.
   */
  private async command(
    kind: CommandKind,
    path: string,
    body: unknown,
    cookie: string | undefined,
    extra: Partial<CommandRecord>,
  ): Promise<CommandRecord> {
    const record: CommandRecord = { kind, key: randomUUID(), attempts: [], acked: false, answers: [], bodies: [], ...extra };
    this.commands.push(record);
    const send = async (): Promise<void> => {
      const began = performance.now();
      while (performance.now() - began < this.options.giveUpMs) {
        const done = await this.attempt(record, this.pick(), path, body, cookie);
        if (done) return;
        await sleep(200 + Math.random() * 300);
      }
    };
    if (Math.random() < this.options.doubleShare) await Promise.all([send(), send()]);
    else await send();
    return record;
  }

  /** One attempt; true when the command has its answer (acknowledged or refused). */
  private async attempt(record: CommandRecord, target: HallboardProcess, path: string, body: unknown, cookie: string | undefined): Promise<boolean> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': record.key };
    if (cookie) headers.cookie = cookie;
    const at = performance.now();
    try {
      const res = await fetch(`${target.url}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await res.text();
      const attempt: Attempt = { at, ms: performance.now() - at, status: res.status, process: target.name };
      record.attempts.push(attempt);
      if (res.ok) {
        record.acked = true;
        const parsed = JSON.parse(text) as { ticket: { id: string } | null };
        record.answers.push(parsed.ticket?.id ?? null);
        if (record.kind === 'issue') record.bodies.push(text);
        return true;
      }
      attempt.code = errorCode(text);
      if (res.status >= 500 || res.status === 408 || res.status === 429) return false;
      // A copy sent at once may be refused as "in progress" (409) while the other commits.
      if (res.status === 409 && attempt.code === 'CONFLICT' && /try again/i.test(text)) return false;
      record.refused = `${res.status} ${attempt.code ?? ''}`;
      return true;
    } catch (error) {
      record.attempts.push({ at, ms: performance.now() - at, status: 0, process: target.name, code: (error as Error).name });
      return false;
    }
  }
}

function errorCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string; reason?: string } }).error?.reason ?? (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
