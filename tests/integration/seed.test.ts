// Drivers: both. Why: the demo seed must apply on the database a newcomer gets and on a real server.
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { counterServices, counters, halls, services, staff } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { adminServiceList } from '../../server/contracts/admin';
import { systemClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import type { Account } from '../../server/services/actors';

describe('seedDemo', () => {
  it('seeds the demo halls once, with a complete and consistent hall', async () => {
    const handle = await openDb({});
    try {
      const { db } = handle;

      expect(await seedDemo(db, { password: 'demo1234', passwordHashRounds: 4 })).toBe(true);
      expect(await seedDemo(db, { password: 'demo1234', passwordHashRounds: 4 })).toBe(false);

      const allHalls = await db.select().from(halls);
      expect(allHalls.map((h) => h.slug).sort()).toEqual(['dayuan', 'qiongshan']);

      const [qs] = await db.select().from(halls).where(eq(halls.slug, 'qiongshan'));
      expect(qs).toBeDefined();
      if (!qs) return;
      expect(qs.name).toBe('海口市琼山区政务服务中心');
      expect(qs.timeZone).toBe('Asia/Shanghai');
      expect(qs.settings.enforceHours).toBe(false);

      // Services
      const qsServices = await db.select().from(services).where(eq(services.hallId, qs.id));
      expect(qsServices.length).toBeGreaterThanOrEqual(10);
      const byName = new Map(qsServices.map((s) => [s.name, s]));
      for (const name of [
        '施工许可',
        '企业开办',
        '不动产登记',
        '社保',
        '医保',
        '房屋租赁备案',
        '老年优待证',
        '社区居住证明',
        '公积金',
        '综合咨询',
        '办不成事反映',
      ]) {
        expect(byName.has(name), name).toBe(true);
      }
      expect(byName.get('房屋租赁备案')?.instantApproval).toBe(true);
      expect(byName.get('老年优待证')?.instantApproval).toBe(true);
      expect(byName.get('综合咨询')?.kind).toBe('consultation');
      expect(byName.get('办不成事反映')?.kind).toBe('unresolved_matter');
      expect(new Set(qsServices.map((s) => s.prefix)).size).toBe(qsServices.length);
      for (const s of qsServices) {
        expect(s.guide.materials.length, s.name).toBeGreaterThan(0);
        expect(s.guide.timeLimit, s.name).not.toBe('');
        expect(s.openingHours.length, s.name).toBeGreaterThan(0);
      }

      // Counters
      const qsCounters = await db.select().from(counters).where(eq(counters.hallId, qs.id));
      expect(qsCounters.length).toBeGreaterThanOrEqual(12);
      const kinds = new Set<string>(qsCounters.map((c) => c.kind));
      for (const kind of ['general', 'dedicated', 'unresolved_matter']) expect(kinds.has(kind), kind).toBe(true);

      // Every active normal service is served by at least one open counter.
      const openCounterIds = qsCounters.filter((c) => c.status === 'open').map((c) => c.id);
      const openLinks = await db
        .select()
        .from(counterServices)
        .where(inArray(counterServices.counterId, openCounterIds));
      const servedOpen = new Set(openLinks.map((l) => l.serviceId));
      for (const s of qsServices.filter((x) => x.active && x.kind === 'normal')) {
        expect(servedOpen.has(s.id), s.name).toBe(true);
      }

      // Staff
      const qsStaff = await db.select().from(staff).where(eq(staff.hallId, qs.id));
      const byUser = new Map(qsStaff.map((s) => [s.username, s]));
      expect(byUser.get('admin')?.role).toBe('admin');
      expect(byUser.get('leader')?.role).toBe('leader');
      const c01 = byUser.get('c01');
      expect(c01?.role).toBe('staff');
      const counter1 = qsCounters.find((c) => c.number === 1);
      expect(counter1).toBeDefined();
      expect(c01?.counterId).toBe(counter1?.id);
      expect(await bcrypt.compare('demo1234', c01?.passwordHash ?? '')).toBe(true);
      expect(await bcrypt.compare('wrong', c01?.passwordHash ?? '')).toBe(false);

      // The community station
      const [dy] = await db.select().from(halls).where(eq(halls.slug, 'dayuan'));
      expect(dy).toBeDefined();
      if (!dy) return;
      expect(dy.name).toBe('凤翔街道大园社区便民服务站');
      const dyServices = await db.select().from(services).where(eq(services.hallId, dy.id));
      expect(dyServices.map((s) => s.name).sort()).toEqual(['社保医保代办', '社区居住证明', '综合咨询', '老年优待证'].sort());
      expect(dyServices.find((s) => s.name === '老年优待证')?.instantApproval).toBe(true);
      const dyCounters = await db.select().from(counters).where(eq(counters.hallId, dy.id));
      expect(dyCounters).toHaveLength(3);
      const dyStaff = await db.select().from(staff).where(eq(staff.hallId, dy.id));
      expect(dyStaff.map((s) => s.username).sort()).toEqual(['dy-admin', 'dy-c01', 'dy-c02', 'dy-c03', 'dy-leader']);
    } finally {
      await handle.close();
    }
  });

  it("gives every demo service to /admin in the admin contract's shape (即办 and 秒批 promise 0 days)", async () => {
    const handle = await openDb({});
    try {
      await seedDemo(handle.db, { password: 'demo1234', passwordHashRounds: 4 });
      const services = createServices({ db: handle.db, clock: systemClock });
      const account: Account = { id: randomUUID(), username: 'district', displayName: '区管理员', role: 'admin', hallId: null, hall: null, counterId: null };
      for (const slug of ['qiongshan', 'dayuan']) {
        const listed = await services.admin.services.list({ account, ip: '127.0.0.1' }, slug);
        expect(listed.ok).toBe(true);
        if (!listed.ok) continue;
        const parsed = adminServiceList.safeParse(listed.data);
        expect(parsed.success, parsed.error?.message).toBe(true);
        // The demo's 秒批 services promise 0 working days: the case that once broke the page.
        expect(listed.data.services.some((s) => s.promisedDays === 0)).toBe(true);
      }
    } finally {
      await handle.close();
    }
  });
});
