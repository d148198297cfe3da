import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { adminAudit, services } from '../../db/schema';
import { createHallFixture, fixturePassword, hallState } from '../support/admin-fixture';
import { withHallServer } from '../support/hall-server';
import { request } from '../support/http-client';
import { login } from '../support/server';

const { handle, server } = withHallServer();

const row = (prefix: string, name: string) => ({
  prefix,
  name,
  kind: 'normal',
  guide: { materials: ['身份证原件', '申请表'], conditions: ['年满18周岁'], timeLimit: '法定20个工作日，承诺5个工作日', fees: '不收费' },
  dailyCap: 80,
  openingHours: [
    { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
    { weekdays: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
  ],
  instantApproval: true,
  onlineUrl: 'https://zwfw.example.cn/apply',
  promisedDays: 5,
  slotCapacity: 4,
  typicalServiceMinutes: 12,
  sortOrder: 1,
});

describe('service catalogue import and export', () => {
  it('a good JSON catalogue creates every service, with its guide, and records it', async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const reply = await request(server.url, `/api/v1/admin/halls/${hall.slug}/services/import`, {
      method: 'POST',
      cookie: admin,
      json: { services: [row('K', '不动产登记'), row('A', '企业开办（改）')] },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ created: ['K'], updated: ['A'], dryRun: false });
    const rows = await handle.db.select().from(services).where(eq(services.hallId, hall.hallId));
    const k = rows.find((s) => s.prefix === 'K');
    expect(k?.guide.materials).toEqual(['身份证原件', '申请表']);
    expect(k?.openingHours).toHaveLength(2);
    expect(rows.find((s) => s.prefix === 'A')?.name).toBe('企业开办（改）');
    const audit = await handle.db.select().from(adminAudit).where(eq(adminAudit.hallId, hall.hallId));
    expect(audit.map((a) => a.action).sort()).toEqual(['import.create', 'import.update']);
  });

  it('one bad row writes nothing and is named', async () => {
    const hall = await createHallFixture(handle.db);
    const admin = await login(server.url, hall.admin.username, fixturePassword);
    const before = await hallState(handle.db, hall.hallId);
    const bad = { ...row('M', '坏行'), openingHours: [{ weekdays: [1], from: '12:00', to: '09:00' }] };
    const reply = await request(server.url, `/api/v1/admin/halls/${hall.slug}/services/import`, {
      method: 'POST',
      cookie: admin,
      json: { services: [row('L', '好的一行'), bad, row('N', '另一行')] },
    });
    expect(reply.status).toBe(400);
    const error = (reply.json as { error: { reason: string; details: { row: number; field: string }; message: string } }).error;
    expect(error.reason).toBe('IMPORT_ROW');
    expect(error.details.row).toBe(2);
    expect(error.details.field).toBe('openingHours');
    expect(await hallState(handle.db, hall.hallId)).toBe(before);

    const repeated = await request(server.url, `/api/v1/admin/halls/${hall.slug}/services/import`, {
      method: 'POST',
      cookie: admin,
      json: { services: [row('L', '一'), row('L', '二')] },
    });
    expect((repeated.json as { error: { details: { row: number } } }).error.details.row).toBe(2);
    expect(await hallState(handle.db, hall.hallId)).toBe(before);
  });

  it('the Excel export imports into another hall, and a bad cell names its sheet row', async () => {
    const from = await createHallFixture(handle.db);
    const to = await createHallFixture(handle.db, { services: [{ prefix: 'Q' }], counters: [{ number: 1, serves: ['Q'] }] });
    const fromAdmin = await login(server.url, from.admin.username, fixturePassword);
    await request(server.url, `/api/v1/admin/halls/${from.slug}/services/import`, { method: 'POST', cookie: fromAdmin, json: { services: [row('K', '不动产登记')] } });
    const file = await fetch(`${server.url}/api/v1/admin/halls/${from.slug}/services/export.xlsx`, { headers: { cookie: fromAdmin } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = Buffer.from(await file.arrayBuffer());

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('the export has no sheet');
    expect(sheet.getRow(1).getCell(1).value).toBe('前缀');
    expect(sheet.getRow(1).getCell(4).value).toBe('申请材料');

    const toAdmin = await login(server.url, to.admin.username, fixturePassword);
    const good = await request(server.url, `/api/v1/admin/halls/${to.slug}/services/import`, { method: 'POST', cookie: toAdmin, json: { xlsxBase64: bytes.toString('base64') } });
    expect(good.status).toBe(200);
    expect((good.json as { created: string[] }).created.sort()).toEqual(['A', 'B', 'K']);
    const imported = await handle.db.select().from(services).where(eq(services.hallId, to.hallId));
    const k = imported.find((s) => s.prefix === 'K');
    expect(k?.guide.timeLimit).toBe('法定20个工作日，承诺5个工作日');
    expect(k?.openingHours).toEqual(row('K', '').openingHours);
    expect(k?.instantApproval).toBe(true);

    // Row 3 of the sheet gets a prefix that is no letter: nothing of the sheet is written.
    sheet.getRow(3).getCell(1).value = '9';
    const broken = Buffer.from(await workbook.xlsx.writeBuffer());
    const third = await createHallFixture(handle.db, { services: [{ prefix: 'Q' }], counters: [{ number: 1, serves: ['Q'] }] });
    const thirdAdmin = await login(server.url, third.admin.username, fixturePassword);
    const before = await hallState(handle.db, third.hallId);
    const bad = await request(server.url, `/api/v1/admin/halls/${third.slug}/services/import`, { method: 'POST', cookie: thirdAdmin, json: { xlsxBase64: broken.toString('base64') } });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { details: { row: number; field: string } } }).error.details).toEqual({ row: 3, field: 'prefix' });
    expect(await hallState(handle.db, third.hallId)).toBe(before);
  });
});
