'use client';

import type { ReactNode } from 'react';
import type { Messages } from '@/lib/i18n';
import type { CounterState } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { Kbd, ariaKeys } from './kbd';
import type { Permissions } from './permissions';
import { type KeyName, keyHints } from './shortcuts';

export type PadAction = 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'park' | 'transfer';

interface Props {
  can: Permissions;
  /** The command now running, by its API action name. */
  busy: string | null;
  next: CounterState['queue'][number] | null;
  onAction: (action: PadAction) => void;
  /** 无法受理: opens the refusal request. */
  onRefuse: () => void;
  /** 容缺受理: opens the conditional acceptance. */
  onConditional: () => void;
}

const apiAction: Record<PadAction, string> = {
  callNext: 'call-next',
  recall: 'recall',
  start: 'start',
  complete: 'complete',
  noShow: 'no-show',
  park: 'park',
  transfer: 'transfer',
};

const testIds: Record<PadAction, string> = {
  callNext: 'btn-call-next',
  recall: 'btn-recall',
  start: 'btn-start',
  complete: 'btn-complete',
  noShow: 'btn-no-show',
  park: 'btn-park',
  transfer: 'btn-transfer',
};

/**
 * The big buttons, each with its key. A mouse click does not take the focus, so Space
 * and Enter keep meaning "call next" and "start" after the clerk has used the mouse.
 */
export function ActionPad({ can, busy, next, onAction, onRefuse, onConditional }: Props) {
  const t = useMessages();
  const idle = busy === null;

  const button = (action: PadAction, keys: readonly KeyName[], variant: string, extra?: ReactNode) => (
    <button
      type="button"
      className={`btn action-btn ${variant}`}
      data-testid={testIds[action]}
      disabled={!can[action] || !idle}
      aria-busy={busy === apiAction[action]}
      aria-keyshortcuts={ariaKeys(keys)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onAction(action)}
    >
      <span className="action-label">{t.counter.actions[action]}</span>
      {extra}
      <Kbd keys={keys} />
    </button>
  );

  return (
    <div className="action-pad" role="group" aria-label={t.counter.ticketControls}>
      {button(
        'callNext',
        keyHints.callNext,
        'btn-primary btn-call',
        <span className="call-preview tabular" data-testid="call-next-preview">
          {preview(t, next)}
        </span>,
      )}
      <div className="action-row action-row-main">
        {button('recall', keyHints.recall, 'btn-secondary')}
        {button('start', keyHints.start, 'btn-success')}
        {button('complete', keyHints.complete, 'btn-success')}
        {/* 容缺受理: accepted now, the missing items follow by a deadline. */}
        <button
          type="button"
          className="btn action-btn btn-outline-success"
          data-testid="btn-conditional"
          disabled={!can.conditional || !idle}
          aria-busy={busy === 'conditional-acceptances'}
          aria-keyshortcuts={ariaKeys(keyHints.conditional)}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onConditional()}
        >
          <span className="action-label">{t.conditional.action}</span>
          <Kbd keys={keyHints.conditional} />
        </button>
      </div>
      <div className="action-row">
        {button('noShow', keyHints.noShow, 'btn-outline-danger')}
        {button('park', keyHints.park, 'btn-secondary')}
        {button('transfer', keyHints.transfer, 'btn-secondary')}
        {/* 否定报备: a refusal is a request the duty leader decides on, never a plain "no". */}
        <button
          type="button"
          className="btn action-btn btn-outline-danger"
          data-testid="btn-refuse"
          disabled={!can.refuse || !idle}
          aria-busy={busy === 'refusals'}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onRefuse()}
        >
          <span className="action-label">{t.counter.actions.refuse}</span>
        </button>
      </div>
    </div>
  );
}

function preview(t: Messages, next: CounterState['queue'][number] | null): string {
  if (!next) return t.counter.queueEmpty;
  return `${t.counter.nextUp} ${next.number} · ${next.serviceName}${next.lane === 'normal' ? '' : ` · ${t.counter.lane[next.lane]}`}`;
}
