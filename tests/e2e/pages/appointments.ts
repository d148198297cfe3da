import { type BrowserContext, type Page, expect } from '@playwright/test';

/** The citizen's phone on the booking and check-in pages. */
export class BookingPhone {
  constructor(
    readonly page: Page,
    readonly base = '',
  ) {}

  async open(hall: string) {
    await this.page.goto(`${this.base}/h/${hall}/book`);
    await expect(this.page.getByTestId('book-form')).toBeVisible();
  }

  async chooseService(prefix: string) {
    await this.page.getByTestId(`book-service-${prefix}`).click();
  }

  async chooseDay(day: string) {
    await this.page.getByTestId(`book-day-${day}`).click();
  }

  /** The open slots on screen, by start time. */
  async openSlots(): Promise<string[]> {
    const slots = this.page.locator('[data-testid="book-slot"]:not([disabled])');
    await expect(slots.first()).toBeVisible();
    return slots.evaluateAll((els) => els.map((el) => el.getAttribute('data-start') ?? ''));
  }

  async chooseSlot(start: string) {
    await this.page.locator(`[data-testid="book-slot"][data-start="${start}"]`).click();
  }

  /** Books with name and phone and returns the confirmation code. */
  async book(name: string, phone: string): Promise<string> {
    await this.page.getByTestId('book-name').fill(name);
    await this.page.getByTestId('book-phone').fill(phone);
    await this.page.getByTestId('book-submit').click();
    const code = this.page.getByTestId('booking-code');
    await expect(code).toHaveText(/^[A-HJ-NP-Z2-9]{8}$/);
    return (await code.textContent())?.trim() ?? '';
  }
}

/** Records every HTTP response body and websocket frame a browser context receives. */
export class TrafficRecorder {
  private pending: Array<Promise<void>> = [];
  readonly bodies: string[] = [];
  readonly frames: string[] = [];

  constructor(context: BrowserContext) {
    context.on('response', (response) => {
      this.pending.push(
        response
          .body()
          .then((body) => {
            this.bodies.push(body.toString('utf8'));
          })
          // Redirects and aborted requests have no body to read.
          .catch(() => undefined),
      );
    });
    context.on('page', (page) => this.watch(page));
  }

  watch(page: Page) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', (frame) => {
        this.frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8'));
      });
    });
  }

  async everything(): Promise<string[]> {
    await Promise.all(this.pending);
    return [...this.bodies, ...this.frames];
  }
}
