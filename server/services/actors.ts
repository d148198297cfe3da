import type { StaffRole } from '../../db/schema';

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
