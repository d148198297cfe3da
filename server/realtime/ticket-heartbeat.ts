import type { Namespace } from 'socket.io';
import type { Services } from '../services';
import { rooms } from './rooms';

const visitPrefix = rooms.visit('');

/**
 * The /ticket heartbeat: what /display has had from the start. Each visit watched from this
 * process gets `{ seq, at, number, version }` (TicketHeartbeat) every few seconds, read in two
 * queries for all of them, so a phone whose push was lost (the committing process died before
 * relaying it) notices within one beat and reads its view again.
 */
export function ticketHeartbeat(ticket: Namespace, services: Services, onError: (error: unknown) => void): () => void {
  return () => {
    const rootIds: string[] = [];
    for (const room of ticket.adapter.rooms.keys()) if (room.startsWith(visitPrefix)) rootIds.push(room.slice(visitPrefix.length));
    if (rootIds.length === 0) return;
    services
      .visitBeats(rootIds)
      .then(async (beats) => {
        const seqs = await services.halls.latestSeqs([...new Set([...beats.values()].map((b) => b.hallId))]);
        const at = services.clock.now().toISOString();
        for (const [rootId, beat] of beats) {
          ticket.local.to(rooms.visit(rootId)).emit('heartbeat', { seq: seqs.get(beat.hallId) ?? 0, at, number: beat.number, version: beat.version });
        }
      })
      .catch(onError);
  };
}
