import { date, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { staff } from './staff';

/** 领导值班: the leader on duty in a hall on a (hall-local) day; alerts and approvals go to them. */
export const dutyRoster = pgTable(
  'duty_roster',
  {
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    day: date('day', { mode: 'string' }).notNull(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.hallId, t.day] })],
);
