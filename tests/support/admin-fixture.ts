import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { adminAudit, counterServices, counters, displayDevices, dutyRoster, halls, services, staff } from '../../db/schema';
import { systemClock } from '../../server/domain/clock';
import { bootstrapAdmin } from '../../server/services/admin/accounts';
import { type HallFixture, createHallFixture, fixturePassword } from './hall-fixture';

/** An account of another role in the hall (the fixture makes staff, leaders and an admin). */
export async function addAccount(db: Db, hallId: string | null, role: 'volunteer' | 'inspector' | 'admin'): Promise<string> {
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  await db.insert(staff).values({
    id: randomUUID(),
    hallId,
    username,
    displayName: role,
    role,
    passwordHash: bcrypt.hashSync(fixturePassword, 4),
  });
  return username;
}

/** A district admin from the bootstrap path, with the fixture password. */
export async function districtAdmin(db: Db): Promise<string> {
  const username = `district-${randomBytes(4).toString('hex')}`;
  await db.insert(staff).values({
    id: randomUUID(),
    hallId: null,
    username,
    displayName: '区管理员',
    role: 'admin',
    passwordHash: bcrypt.hashSync(fixturePassword, 4),
  });
  return username;
}

export { bootstrapAdmin, systemClock };

/**
 * Everything an admin route may change in a hall, read in a fixed order: equal before and
 * after a refused request means the refusal changed nothing.
 */
export async function hallState(db: Db, hallId: string): Promise<string> {
  const [hall, serviceRows, counterRows, links, staffRows, devices, roster, audit] = await Promise.all([
    db.select().from(halls).where(eq(halls.id, hallId)),
    db.select().from(services).where(eq(services.hallId, hallId)).orderBy(asc(services.id)),
    db.select().from(counters).where(eq(counters.hallId, hallId)).orderBy(asc(counters.id)),
    db
      .select()
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.hallId, hallId))
      .orderBy(asc(counterServices.counterId), asc(counterServices.serviceId)),
    db.select().from(staff).where(eq(staff.hallId, hallId)).orderBy(asc(staff.id)),
    db.select().from(displayDevices).where(eq(displayDevices.hallId, hallId)).orderBy(asc(displayDevices.id)),
    db.select().from(dutyRoster).where(eq(dutyRoster.hallId, hallId)).orderBy(asc(dutyRoster.day)),
    db.select({ n: sql<number>`count(*)::int` }).from(adminAudit),
  ]);
  return JSON.stringify({ hall, serviceRows, counterRows, links, staffRows, devices, roster, audit });
}

export type { HallFixture };
export { createHallFixture, fixturePassword };
