import { type APIRequestContext, type Locator, type Page, type PlaywrightWorkerArgs, expect } from '@playwright/test';
import { type SpokenEntry, spokenOn } from '../support/speech-stub';

export const demoPassword = process.env.DEMO_PASSWORD ?? 'demo1234';

interface HallDetail {
  services: Array<{ id: string; prefix: string; kind: string }>;
  counters: Array<{ id: string; number: number; serviceIds: string[]; status: string }>;
}

/** The public hall API: what a kiosk does (take a number). */
export class HallApi {
  private detail: HallDetail | null = null;

  constructor(
    readonly api: APIRequestContext,
    readonly hall: string,
  ) {}

  async services(): Promise<HallDetail['services']> {
    if (!this.detail) {
      const res = await this.api.get(`/api/v1/halls/${this.hall}`);
      expect(res.status()).toBe(200);
      this.detail = (await res.json()) as HallDetail;
    }
    return this.detail.services;
  }

  /** Takes a number in the service with this prefix; returns the ticket number. */
  async take(prefix: string): Promise<string> {
    const service = (await this.services()).find((s) => s.prefix === prefix);
    if (!service) throw new Error(`no service ${prefix} in ${this.hall}`);
    const res = await this.api.post(`/api/v1/halls/${this.hall}/tickets`, { data: { serviceId: service.id } });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { ticket: { number: string } }).ticket.number;
  }
}

interface CounterState {
  counter: { number: number; status: string };
  current: { number: string; status: string } | null;
}

/** A member of counter staff working through the HTTP API with their own session. */
export class CounterDesk {
  private constructor(
    readonly api: APIRequestContext,
    readonly counterId: string,
    readonly number: number,
  ) {}

  static async signIn(playwright: PlaywrightWorkerArgs['playwright'], baseURL: string, username: string): Promise<CounterDesk> {
    const api = await playwright.request.newContext({ baseURL });
    const res = await api.post('/api/v1/auth/login', { data: { username, password: demoPassword } });
    expect(res.status(), await res.text()).toBe(200);
    const { me } = (await res.json()) as { me: { counterId: string | null } };
    if (!me.counterId) throw new Error(`${username} has no counter`);
    const desk = new CounterDesk(api, me.counterId, 0);
    const state = await desk.state();
    return new CounterDesk(api, me.counterId, state.counter.number);
  }

  async state(): Promise<CounterState> {
    const res = await this.api.get(`/api/v1/counters/${this.counterId}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as CounterState;
  }

  async command(action: string, data: object = {}): Promise<{ status: number; body: unknown }> {
    const res = await this.api.post(`/api/v1/counters/${this.counterId}/${action}`, { data });
    return { status: res.status(), body: (await res.json()) as unknown };
  }

  private async ok(action: string, data: object = {}): Promise<unknown> {
    const reply = await this.command(action, data);
    expect(reply.status, `${action}: ${JSON.stringify(reply.body)}`).toBe(200);
    return reply.body;
  }

  /** Open, and free: whatever an earlier test left at this counter is finished. */
  async ready(): Promise<void> {
    const { counter, current } = await this.state();
    if (counter.status === 'paused') await this.ok('resume');
    if (counter.status === 'closed') await this.ok('open');
    if (current?.status === 'called') await this.ok('start');
    if (current) await this.ok('complete');
  }

  /** Calls the next ticket (there must be one) and returns its number. */
  async callNext(): Promise<string> {
    const body = (await this.ok('call-next')) as { ticket: { number: string } | null };
    if (!body.ticket) throw new Error(`counter ${this.number}: nobody waiting`);
    return body.ticket.number;
  }

  async recall(): Promise<string> {
    const body = (await this.ok('recall')) as { ticket: { number: string } };
    return body.ticket.number;
  }

  async pause(reason: string) {
    await this.ok('pause', { reason });
  }

  async resume() {
    await this.ok('resume');
  }

  async dispose() {
    await this.api.dispose();
  }
}

/** The hall TV (/display/[hall]). */
export class HallTv {
  readonly screen: Locator;
  readonly latestNumber: Locator;
  readonly latestCounter: Locator;
  readonly latestCounterName: Locator;
  readonly offline: Locator;
  readonly clock: Locator;
  readonly recentTimes: Locator;
  readonly notices: Locator;
  readonly voicePrompt: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('display');
    this.latestNumber = page.getByTestId('display-latest-number');
    this.latestCounter = page.getByTestId('display-latest-counter');
    this.latestCounterName = page.getByTestId('display-latest-counter-name');
    this.offline = page.getByTestId('display-offline');
    this.clock = page.getByTestId('display-clock');
    this.recentTimes = page.locator('.recent-time');
    this.notices = page.getByTestId('display-notices');
    this.voicePrompt = page.getByTestId('voice-prompt');
  }

  /** Opens the board (baseURL-relative unless `base` is given) and waits for the live link. */
  async open(hall: string, base = '') {
    await this.page.goto(`${base}/display/${hall}`);
    await this.expectLive();
  }

  async expectLive() {
    await expect(this.screen).toHaveAttribute('data-connection', 'live', { timeout: 15_000 });
  }

  counter(number: number): Locator {
    return this.page.getByTestId(`display-counter-${number}`);
  }

  waiting(prefix: string): Locator {
    return this.page.getByTestId(`display-waiting-${prefix}`);
  }

  async expectLatestCall(number: string, counterNumber: number, timeout?: number) {
    await expect(this.latestNumber).toHaveText(number, { timeout });
    await expect(this.latestCounter).toHaveText(String(counterNumber), { timeout });
  }

  spoken(): Promise<SpokenEntry[]> {
    return spokenOn(this.page);
  }

  async spokenTexts(): Promise<string[]> {
    return (await this.spoken()).map((e) => e.text);
  }
}

/** The strip above a counter (/display/[hall]/counter/[number]). */
export class CounterStripScreen {
  readonly strip: Locator;
  readonly counterNumber: Locator;
  readonly counterName: Locator;
  readonly ticket: Locator;
  readonly state: Locator;
  readonly reason: Locator;

  constructor(readonly page: Page) {
    this.strip = page.getByTestId('strip');
    this.counterNumber = page.getByTestId('strip-counter-number');
    this.counterName = page.getByTestId('strip-counter-name');
    this.ticket = page.getByTestId('strip-ticket');
    this.state = page.getByTestId('strip-state');
    this.reason = page.getByTestId('strip-reason');
  }

  async open(hall: string, counterNumber: number, base = '') {
    await this.page.goto(`${base}/display/${hall}/counter/${counterNumber}`);
    await expect(this.strip).toHaveAttribute('data-connection', 'live', { timeout: 15_000 });
  }
}

/** The Mandarin sentence the hall's default template gives, digits read one by one. */
export function expectedAnnouncement(number: string, counterNumber: number): string {
  const digits = '零一二三四五六七八九';
  const spelled = [...number].map((ch) => (/\d/.test(ch) ? digits[Number(ch)] : ch)).join(' ');
  return `请 ${spelled} 号到 ${counterNumber} 号窗口办理`;
}
