import { type Page, expect } from '@playwright/test';

/** The citizen's phone: take a number, then watch the ticket page. */
export class PhonePage {
  constructor(readonly page: Page) {}

  async takeNumber(hall: string, prefix: string): Promise<string> {
    await this.page.goto(`/take/${hall}`);
    await this.page.getByTestId(`service-${prefix}`).click();
    await this.page.waitForURL(/\/t\/[A-Za-z0-9_-]+$/);
    const number = this.page.getByTestId('ticket-number');
    await expect(number).toHaveText(new RegExp(`^${prefix}\\d{3,}$`));
    return (await number.textContent())?.trim() ?? '';
  }

  async expectCalledTo(counterNumber: number) {
    await expect(this.page.getByTestId('ticket-counter')).toContainText(String(counterNumber));
  }
}

/** The counter console at a desktop. */
export class CounterConsole {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.goto('/counter');
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await expect(this.page.getByTestId('btn-call-next')).toBeVisible();
  }

  async callNext(): Promise<string> {
    await this.page.getByTestId('btn-call-next').click();
    const current = this.page.getByTestId('current-number');
    await expect(current).toHaveText(/^[A-Z]\d{3,}$/);
    return (await current.textContent())?.trim() ?? '';
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
