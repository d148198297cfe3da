'use client';

import { useCallback, useRef, useState } from 'react';
import type { z } from 'zod';
import { apiGet } from '@/lib/api-client';
import { format } from '@/lib/i18n';
import { clockTime } from '@/lib/time';
import { type WorkOrderFilter, type WorkOrderList, workOrderList } from '@/server/contracts/rectification';
import type { HallEvent } from '@/server/contracts/realtime';
import { useDutyCommand } from '../duty/use-duty-command';
import { useMessages } from '../i18n';
import { LogoutButton } from '../logout-button';
import { useLeaderStream } from '../realtime/use-counter';
import { OrderCard } from './order-card';

const filters: WorkOrderFilter[] = ['open', 'overdue', 'all'];

interface Props {
  hall: { id: string; slug: string; name: string };
  me: { id: string; displayName: string };
  initial: WorkOrderList;
}

/**
 * Leaders follow the hall's 整改 work orders: refetched (coalesced) on every event of the
 * hall over /leader, as /duty is, so a new order appears without a reload.
 */
export function RectificationBoard({ hall, me, initial }: Props) {
  const t = useMessages();
  const [filter, setFilter] = useState<WorkOrderFilter>('open');
  const [state, setState] = useState<{ data: WorkOrderList; updatedAt: number | null }>({ data: initial, updatedAt: null });
  const [fresh, setFresh] = useState(false);
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const path = `/api/v1/halls/${encodeURIComponent(hall.slug)}/work-orders?status=${filterRef.current}`;
    const result = await apiGet(path, workOrderList as z.ZodType<WorkOrderList>);
    if (mine !== generation.current || !result.ok) return;
    setState({ data: result.data, updatedAt: Date.now() });
  }, [hall.slug]);

  const connection = useLeaderStream((event: HallEvent | null) => {
    if (event?.type === 'work_order.opened') setFresh(true);
    void refresh();
  });
  const command = useDutyCommand(refresh);
  const orders = state.data.orders;
  const overdue = orders.filter((o) => o.overdue).length;

  function choose(next: WorkOrderFilter) {
    filterRef.current = next;
    setFilter(next);
    setFresh(false);
    void refresh();
  }

  return (
    <div className="rect" data-testid="rect-board">
      <header className="rect-bar">
        <div>
          <h1>{t.rectification.title}</h1>
          <p className="muted">
            {hall.name} · {me.displayName}
          </p>
        </div>
        <div className="rect-bar-side">
          {fresh ? (
            <span className="tag rect-fresh" role="status" data-testid="rect-fresh">
              {t.rectification.newOrder}
            </span>
          ) : null}
          <span className={`connection connection-${connection}`} data-testid="connection" data-state={connection} role="status">
            {t.rectification.connection[connection]}
          </span>
          <LogoutButton />
        </div>
      </header>
      <nav className="rect-filters" aria-label={t.rectification.title}>
        {filters.map((f) => (
          <button
            key={f}
            type="button"
            className={`chip${filter === f ? ' is-selected' : ''}`}
            aria-pressed={filter === f}
            data-testid={`rect-filter-${f}`}
            onClick={() => choose(f)}
          >
            {t.rectification.filters[f]}
            {f === filter ? <span className="rect-count tabular">{orders.length}</span> : null}
          </button>
        ))}
        {overdue > 0 ? <span className="tag rect-overdue">{`${t.rectification.overdue} ${overdue}`}</span> : null}
      </nav>
      {orders.length === 0 ? <p className="card muted rect-empty">{t.rectification.empty}</p> : null}
      <div className="rect-grid">
        {orders.map((o) => (
          <OrderCard key={o.id} hall={hall.slug} order={o} me={me} command={command} />
        ))}
      </div>
      <p className="updated-line tabular">
        {connection === 'reconnecting' ? <span className="offline">{t.common.offline}</span> : null}
        {state.updatedAt === null ? '\u00a0' : format(t.common.updatedAt, { time: clockTime(state.updatedAt) })}
      </p>
    </div>
  );
}
