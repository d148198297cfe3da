import { type Locator, type Page, expect } from '@playwright/test';

export interface ServiceInput {
  prefix: string;
  name: string;
  materials?: string[];
  conditions?: string[];
  timeLimit?: string;
  fees?: string;
}

export interface StaffInput {
  username: string;
  displayName: string;
  role: 'staff' | 'leader' | 'admin' | 'volunteer' | 'inspector';
  password: string;
  counter?: number;
}

/** The admin console (/admin) at a desktop, driven through its forms as an administrator would. */
export class AdminConsole {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await this.page.goto('/admin');
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
    await expect(this.page.getByTestId('admin-scope')).toBeVisible();
  }

  async createHall(slug: string, name: string, address = '') {
    const form = this.page.getByTestId('hall-create');
    await form.getByLabel('大厅代码').fill(slug);
    await form.getByLabel('大厅名称').fill(name);
    await form.getByLabel('地址').fill(address);
    await form.getByTestId('hall-create-submit').click();
    await this.page.waitForURL(new RegExp(`/admin/${slug}$`));
    await expect(this.page.getByTestId('hall-editor')).toBeVisible();
  }

  async section(hall: string, section: 'services' | 'counters' | 'staff' | 'duty' | 'displays' | 'settings' | 'audit' | '') {
    await this.page.goto(section ? `/admin/${hall}/${section}` : `/admin/${hall}`);
  }

  /** Sets one switch of the hall's rules (by its field id) and saves. */
  async setRule(hall: string, fieldId: string, value: string) {
    await this.section(hall, 'settings');
    const form = this.page.getByTestId('settings-form');
    await expect(form).toBeVisible();
    await form.locator(`#${fieldId}`).selectOption(value);
    await form.getByTestId('settings-save').click();
    await expect(form.getByTestId('form-saved')).toBeVisible();
  }

  async createService(hall: string, s: ServiceInput) {
    await this.section(hall, 'services');
    await this.page.getByTestId('service-new').click();
    const form = this.page.getByTestId('service-form');
    await form.locator('#svc-prefix').fill(s.prefix);
    await form.locator('#svc-name').fill(s.name);
    if (s.materials) await form.locator('#svc-materials').fill(s.materials.join('\n'));
    if (s.conditions) await form.locator('#svc-conditions').fill(s.conditions.join('\n'));
    if (s.timeLimit) await form.locator('#svc-timelimit').fill(s.timeLimit);
    if (s.fees) await form.locator('#svc-fees').fill(s.fees);
    await form.getByTestId('service-save').click();
    await expect(form).toBeHidden();
    await expect(this.serviceRow(s.prefix)).toContainText(s.name);
  }

  serviceRow(prefix: string): Locator {
    return this.page.getByTestId(`service-row-${prefix}`);
  }

  async renameService(hall: string, prefix: string, name: string) {
    await this.section(hall, 'services');
    await this.page.getByTestId(`service-edit-${prefix}`).click();
    const form = this.page.getByTestId('service-form');
    await form.locator('#svc-name').fill(name);
    await form.getByTestId('service-save').click();
    await expect(form).toBeHidden();
    await expect(this.serviceRow(prefix)).toContainText(name);
  }

  async createCounter(hall: string, number: number, name: string) {
    await this.section(hall, 'counters');
    await this.page.getByTestId('counter-new').click();
    const form = this.page.getByTestId('counter-form');
    await form.locator('#ctr-number').fill(String(number));
    await form.locator('#ctr-name').fill(name);
    await form.getByTestId('counter-save').click();
    await expect(form).toBeHidden();
    await expect(this.page.getByTestId(`counter-row-${number}`)).toContainText(name);
  }

  /** Ticks exactly these counter × service cells (by counter number and service prefix) and saves the matrix. */
  async setMatrix(hall: string, cells: [number, string][]) {
    await this.section(hall, 'counters');
    const matrix = this.page.getByTestId('service-matrix');
    await expect(matrix).toBeVisible();
    const boxes = matrix.locator('input[type="checkbox"]');
    for (const box of await boxes.all()) await box.setChecked(false);
    for (const [counter, prefix] of cells) await matrix.getByTestId(`matrix-${counter}-${prefix}`).check();
    await matrix.getByTestId('matrix-save').click();
    await expect(matrix.getByTestId('form-saved')).toBeVisible();
  }

  async createStaff(hall: string, s: StaffInput) {
    await this.section(hall, 'staff');
    await this.page.getByTestId('staff-new').click();
    const form = this.page.getByTestId('staff-form');
    await form.locator('#staff-username').fill(s.username);
    await form.locator('#staff-name').fill(s.displayName);
    await form.locator('#staff-role').selectOption(s.role);
    if (s.counter !== undefined) {
      const option = form.locator('#staff-counter option', { hasText: new RegExp(`^${s.counter} · `) });
      await form.locator('#staff-counter').selectOption((await option.getAttribute('value')) ?? '');
    }
    await form.locator('#staff-password').fill(s.password);
    await form.getByTestId('staff-save').click();
    await expect(form).toBeHidden();
    await expect(this.page.getByTestId(`staff-row-${s.username}`)).toBeVisible();
  }

  async postUrgent(hall: string, text: string) {
    await this.section(hall, 'displays');
    const panel = this.page.getByTestId('urgent-notice');
    await panel.locator('#urgent-text').fill(text);
    await panel.getByTestId('urgent-post').click();
    await expect(panel.getByTestId('urgent-current')).toHaveText(text);
  }

  async clearUrgent(hall: string) {
    await this.section(hall, 'displays');
    const panel = this.page.getByTestId('urgent-notice');
    await panel.getByTestId('urgent-clear').click();
    await expect(panel.getByTestId('urgent-none')).toBeVisible();
  }

  /** Chooses a file in the import panel: the dry run's verdict or its error shows next. */
  async chooseImport(hall: string, file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.section(hall, 'services');
    await this.page.getByTestId('import-file').setInputFiles(file);
  }
}
