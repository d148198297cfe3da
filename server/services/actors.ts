import type { StaffRole } from '../../db/schema';
import type { HallSummary } from '../contracts/api';

/** A signed-in member of staff, as the session resolves them. */
export interface StaffActor {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  hallId: string;
  counterId: string | null;
}

export const actorId = (actor: StaffActor) => `staff:${actor.id}`;

/**
 * Any signed-in account, a district admin included: `hallId` and `hall` are null only for
 * a district admin (role admin, bound to no hall), who manages every hall in /admin.
 */
export interface Account extends Omit<StaffActor, 'hallId'> {
  hallId: string | null;
  hall: HallSummary | null;
}
