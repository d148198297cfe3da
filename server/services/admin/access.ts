import type { Db } from '../../../db/client';
import type { Account, StaffActor } from '../actors';
import { type HallRow, findHall } from '../lookups';
import { type Result, fail, ok } from '../result';

/** Who is acting in /admin and from where: the audit records both. */
export interface AdminContext {
  account: Account;
  ip: string;
}

export const isDistrictAdmin = (account: Account) => account.role === 'admin' && account.hallId === null;
export const isAdmin = (account: Account) => account.role === 'admin';

/**
 * The hall an admin may act on: a district admin every hall, a hall admin only their own.
 * Everyone else is refused before anything is read, so a refusal tells nothing about the hall.
 */
export async function adminHall(db: Db, account: Account, hallRef: string): Promise<Result<HallRow>> {
  if (!isAdmin(account)) return fail('FORBIDDEN', 'Only admins manage halls');
  const hall = await findHall(db, hallRef);
  if (!hall) return fail('NOT_FOUND', 'Hall not found');
  if (!isDistrictAdmin(account) && account.hallId !== hall.id) return fail('FORBIDDEN', 'A hall admin manages only their own hall');
  return ok(hall);
}

/**
 * The admin as an admin of this hall, for the hall services that already authorise a hall
 * admin (display devices, the duty roster): a district admin acts as the admin of every hall.
 */
export function asHallAdmin(account: Account, hall: HallRow): StaffActor {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: 'admin',
    hallId: hall.id,
    counterId: null,
  };
}

export const adminActorId = (account: Account) => `staff:${account.id}`;
