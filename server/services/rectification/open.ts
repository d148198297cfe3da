import { eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { halls, settingsOf, workOrders } from '../../../db/schema';
import { deadlineOf } from '../../domain/rectification';
import type { NewEvent } from '../events';

export interface OpenWorkOrder {
  hallId: string;
  source: 'rating' | 'inspection';
  rootTicketId?: string | null;
  reportId?: string | null;
  counterId?: string | null;
  staffId?: string | null;
  summary: string;
}

/**
 * Opens a work order at its first step, inside the caller's transaction: the rating or the
 * report and its order commit together or not at all. The event holds ids only; what the
 * citizen or the inspector wrote stays with the leaders' page.
 */
export async function openWorkOrder(tx: Tx, now: Date, emit: (event: NewEvent) => void, order: OpenWorkOrder): Promise<string> {
  const [hall] = await tx.select({ settings: halls.settings }).from(halls).where(eq(halls.id, order.hallId));
  if (!hall) throw new Error(`hall ${order.hallId} vanished while opening a work order`);
  const deadline = deadlineOf('verify', now, settingsOf(hall).rectification);
  const [row] = await tx
    .insert(workOrders)
    .values({
      hallId: order.hallId,
      source: order.source,
      rootTicketId: order.rootTicketId ?? null,
      reportId: order.reportId ?? null,
      counterId: order.counterId ?? null,
      staffId: order.staffId ?? null,
      step: 'verify',
      stepDeadline: deadline,
      history: [],
      summary: order.summary,
      openedAt: now,
    })
    .returning({ id: workOrders.id });
  if (!row) throw new Error('work order not inserted');
  emit({
    type: 'work_order.opened',
    counterId: order.counterId ?? null,
    data: { workOrderId: row.id, source: order.source, step: 'verify', deadline: deadline?.toISOString() ?? null },
  });
  return row.id;
}
