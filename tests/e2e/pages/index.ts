import { type Page, expect } from '@playwright/test';

/** The citizen's phone: take a number, then watch the ticket page. */
export class PhonePage {
  constructor(readonly page: Page) {}

  async takeNumber(hall: string, prefix: string, phone?: string): Promise<string> {
    await this.page.goto(`/h/${hall}`);
    await this.page.getByTestId(`service-${prefix}`).click();
    if (phone) await this.page.getByTestId('take-phone').fill(phone);
    await this.page.getByTestId('take-confirm').click();
    await this.page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    const number = this.page.getByTestId('ticket-number');
    await expect(number).toHaveText(new RegExp(`^${prefix}\\d{3,}$`));
    return (await number.textContent())?.trim() ?? '';
  }

  async expectCalledTo(counterNumber: number) {
    await expect(this.page.getByTestId('ticket-counter')).toContainText(String(counterNumber));
  }
}

/** What GET /api/v1/counters/{id} answers, as far as the specs read it. */
export interface CounterStateView {
  counter: { id: string; number: number; status: 'open' | 'paused' | 'closed'; pauseReason: string | null };
  current: { id: string; number: string; serviceId: string; serviceName: string; status: string; recallCount: number; transferred: boolean; note: string | null } | null;
  parked: Array<{ id: string; number: string }>;
  queue: Array<{ id: string; number: string; serviceName: string; lane: 'aged' | 'priority' | 'normal' }>;
}

/** The counter console at a desktop. */
export class CounterConsole {
  private counterId: string | null = null;

  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.goto('/counter');
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await expect(this.page.getByTestId('btn-call-next')).toBeVisible();
    await this.ready();
  }

  /**
   * Ready for the clerk's keys: the page is live (hydrated, its socket up) and no command is
   * running. Keys pressed while a command runs are dropped on purpose (a double press calls
   * once), so a test, like a clerk, waits for the console to settle before the next key.
   */
  async ready() {
    await expect(this.page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(this.page.getByTestId('console')).toHaveAttribute('data-idle', 'true');
  }

  async callNext(): Promise<string> {
    await this.page.getByTestId('btn-call-next').click();
    const current = this.page.getByTestId('current-number');
    await expect(current).toHaveText(/^[A-Z]\d{3,}$/);
    return (await current.textContent())?.trim() ?? '';
  }

  /** The server's own view of this counter, read with the console's session. */
  async state(): Promise<CounterStateView> {
    if (!this.counterId) {
      const me = (await (await this.page.request.get('/api/v1/me')).json()) as { me: { counterId: string | null } };
      if (!me.me.counterId) throw new Error('the signed-in account has no counter');
      this.counterId = me.me.counterId;
    }
    const response = await this.page.request.get(`/api/v1/counters/${this.counterId}`);
    expect(response.status()).toBe(200);
    return (await response.json()) as CounterStateView;
  }

  /** Keys go to the page as a clerk types them (nothing focused but the page). */
  async press(...keys: string[]) {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  dialog(name: 'complete' | 'no-show' | 'transfer' | 'pause' | 'call-chosen' | 'help') {
    return this.page.getByTestId(`${name}-dialog`);
  }

  async expectCurrent(number: string, status: 'called' | 'serving') {
    await expect(this.page.getByTestId('current-number')).toHaveText(number);
    await expect(this.page.getByTestId('current-ticket')).toHaveAttribute('data-status', status);
    // The push can show the new state before the command that caused it has settled.
    await expect(this.page.getByTestId('console')).toHaveAttribute('data-idle', 'true');
  }

  async expectNoCurrent() {
    await expect(this.page.getByTestId('current-empty')).toBeVisible();
    await expect(this.page.getByTestId('console')).toHaveAttribute('data-idle', 'true');
  }

  async expectCounterStatus(status: 'open' | 'paused' | 'closed') {
    await expect(this.page.getByTestId('console')).toHaveAttribute('data-counter-status', status);
  }
}

/** The hall TV. */
export class HallDisplay {
  constructor(readonly page: Page) {}

  async open(hall: string) {
    await this.page.goto(`/display/${hall}`);
  }

  async expectLatestCall(number: string, counterNumber: number) {
    await expect(this.page.getByTestId('display-latest-number')).toHaveText(number);
    await expect(this.page.getByTestId('display-latest-counter')).toContainText(String(counterNumber));
  }
}
