import { type APIRequestContext, type BrowserContext, type Page, expect } from '@playwright/test';

declare global {
  interface Window {
    /** What the page asked of the stubbed vibration and Notification APIs. */
    __alerts?: { vibrate: unknown[]; notify: Array<{ title: string; body: string }> };
  }
}

/**
 * Stubs navigator.vibrate and the Notification API before any page script runs (permission
 * "granted" once asked), recording every call, so a test can tell which alerts fired.
 */
export async function installAlertStubs(context: BrowserContext) {
  await context.addInitScript(() => {
    const record: NonNullable<Window['__alerts']> = { vibrate: [], notify: [] };
    window.__alerts = record;
    Object.defineProperty(Navigator.prototype, 'vibrate', {
      configurable: true,
      value: (pattern: unknown) => {
        record.vibrate.push(pattern);
        return true;
      },
    });
    let permission: NotificationPermission = 'default';
    class FakeNotification {
      static get permission() {
        return permission;
      }
      static requestPermission() {
        permission = 'granted';
        return Promise.resolve(permission);
      }
      constructor(title: string, options?: { body?: string }) {
        record.notify.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { configurable: true, value: FakeNotification });
  });
}

/** The citizen's ticket page (/t/[token]) on a phone. */
export class TicketPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, token: string) {
    await this.page.goto(`${baseUrl}/t/${token}`);
    await expect(this.page.getByTestId('ticket-number')).toBeVisible();
  }

  status() {
    return this.page.getByTestId('ticket-status');
  }

  async expectAhead(n: number) {
    await expect(this.page.getByTestId('ticket-ahead')).toHaveText(String(n));
  }

  async alerts(): Promise<NonNullable<Window['__alerts']>> {
    return this.page.evaluate(() => window.__alerts ?? { vibrate: [], notify: [] });
  }

  async expectAlertCounts(vibrate: number, notify: number) {
    await expect.poll(async () => (await this.alerts()).vibrate.length).toBe(vibrate);
    await expect.poll(async () => (await this.alerts()).notify.length).toBe(notify);
  }
}

export interface IssuedTicket {
  number: string;
  token: string;
}

/** Takes a number over the public API, as a kiosk or another phone would. */
export async function takeNumber(api: APIRequestContext, hall: string, serviceId: string, phone?: string): Promise<IssuedTicket> {
  const res = await api.post(`/api/v1/halls/${hall}/tickets`, { data: { serviceId, channel: 'phone', ...(phone ? { phone } : {}) } });
  expect(res.status(), await res.text()).toBe(201);
  const { ticket } = (await res.json()) as { ticket: IssuedTicket };
  return ticket;
}

export async function serviceIdOf(api: APIRequestContext, hall: string, prefix: string): Promise<string> {
  const res = await api.get(`/api/v1/halls/${hall}`);
  const detail = (await res.json()) as { services: Array<{ id: string; prefix: string }> };
  const service = detail.services.find((s) => s.prefix === prefix);
  if (!service) throw new Error(`no service ${prefix} in ${hall}`);
  return service.id;
}
