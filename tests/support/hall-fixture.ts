import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Db } from '../../db/client';
import {
  type HallSettings,
  type OpeningPeriod,
  counterServices,
  counters,
  defaultHallSettings,
  halls,
  services,
  staff,
} from '../../db/schema';
import type { StaffActor } from '../../server/services/actors';

export const fixturePassword = 'test-password';
const passwordHash = bcrypt.hashSync(fixturePassword, 4);

export interface FixtureService {
  prefix: string;
  name?: string;
  dailyCap?: number | null;
  openingHours?: OpeningPeriod[];
  typicalServiceMinutes?: number;
}

export interface FixtureCounter {
  number: number;
  /** Prefixes of the services the counter serves. */
  serves: string[];
  status?: 'open' | 'paused' | 'closed';
}

export interface HallFixture {
  hallId: string;
  slug: string;
  serviceIds: Record<string, string>;
  counterIds: Record<number, string>;
  /** Staff bound to counter N, as the session would resolve them. */
  staffOf: (counterNumber: number) => StaffActor;
  usernameOf: (counterNumber: number) => string;
  leader: StaffActor;
  /** A second leader of the hall, for the rules that need "someone else". */
  secondLeader: StaffActor;
  /** The hall's admin. */
  admin: StaffActor;
}

/** A fresh hall with unique slug and usernames, so tests never share one. */
export async function createHallFixture(
  db: Db,
  options: {
    services?: FixtureService[];
    counters?: FixtureCounter[];
    settings?: Partial<HallSettings>;
    timeZone?: string;
  } = {},
): Promise<HallFixture> {
  const tag = randomBytes(4).toString('hex');
  const slug = `t-${tag}`;
  const hallId = randomUUID();
  const serviceDefs = options.services ?? [{ prefix: 'A' }, { prefix: 'B' }];
  const counterDefs = options.counters ?? [
    { number: 1, serves: ['A', 'B'] },
    { number: 2, serves: ['A'] },
  ];
  await db.insert(halls).values({
    id: hallId,
    slug,
    name: `测试大厅 ${tag}`,
    timeZone: options.timeZone ?? 'Asia/Shanghai',
    settings: { ...defaultHallSettings, ...options.settings },
  });
  const serviceIds: Record<string, string> = {};
  for (const [i, s] of serviceDefs.entries()) {
    serviceIds[s.prefix] = randomUUID();
    await db.insert(services).values({
      id: serviceIds[s.prefix],
      hallId,
      prefix: s.prefix,
      name: s.name ?? `事项${s.prefix}`,
      guide: { materials: ['身份证原件'], conditions: [], timeLimit: '即办', fees: '不收费' },
      dailyCap: s.dailyCap ?? null,
      openingHours: s.openingHours ?? [],
      typicalServiceMinutes: s.typicalServiceMinutes ?? 8,
      sortOrder: i,
    });
  }
  const counterIds: Record<number, string> = {};
  const actors: Record<number, StaffActor> = {};
  for (const c of counterDefs) {
    const id = randomUUID();
    counterIds[c.number] = id;
    await db.insert(counters).values({ id, hallId, number: c.number, name: `${c.number}号窗口`, status: c.status ?? 'open' });
    for (const prefix of c.serves) {
      const serviceId = serviceIds[prefix];
      if (!serviceId) throw new Error(`counter ${c.number} serves unknown prefix ${prefix}`);
      await db.insert(counterServices).values({ counterId: id, serviceId });
    }
    const staffId = randomUUID();
    const username = `${tag}-c${c.number}`;
    await db.insert(staff).values({
      id: staffId,
      hallId,
      username,
      displayName: `窗口${c.number}`,
      role: 'staff',
      counterId: id,
      passwordHash,
    });
    actors[c.number] = { id: staffId, username, displayName: `窗口${c.number}`, role: 'staff', hallId, counterId: id };
  }
  const leaderId = randomUUID();
  await db.insert(staff).values({
    id: leaderId,
    hallId,
    username: `${tag}-leader`,
    displayName: '值班领导',
    role: 'leader',
    passwordHash,
  });
  const extra: Record<'leader2' | 'admin', StaffActor> = {} as Record<'leader2' | 'admin', StaffActor>;
  for (const [name, role] of [['leader2', 'leader'], ['admin', 'admin']] as const) {
    const id = randomUUID();
    const username = `${tag}-${name}`;
    await db.insert(staff).values({ id, hallId, username, displayName: name, role, passwordHash });
    extra[name] = { id, username, displayName: name, role, hallId, counterId: null };
  }
  return {
    hallId,
    slug,
    serviceIds,
    counterIds,
    staffOf: (n) => {
      const actor = actors[n];
      if (!actor) throw new Error(`no counter ${n}`);
      return actor;
    },
    usernameOf: (n) => `${tag}-c${n}`,
    leader: { id: leaderId, username: `${tag}-leader`, displayName: '值班领导', role: 'leader', hallId, counterId: null },
    secondLeader: extra.leader2,
    admin: extra.admin,
  };
}
