'use client';

import { useRef, useState } from 'react';
import { apiPost, newIdempotencyKey } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format, rich } from '@/lib/i18n';
import { clockTime } from '@/lib/time';
import { type CounterState, type HallDetail, counterResponse, ticketResponse } from '@/server/contracts/api';
import { type Acceptance, acceptanceResponse } from '@/server/contracts/conditional';
import { refusalCreated } from '@/server/contracts/governance';
import { useAcceptances } from './conditional/use-acceptances';
import { ActionPad, type PadAction } from './counter/action-pad';
import type { ConditionalDraft, DeadlineLimit } from './counter/conditional-dialog';
import { type ConditionalDialogState, ConditionalDialogs } from './counter/conditional-dialogs';
import { ConditionalPanel } from './counter/conditional-panel';
import { ConsoleDialogs, type DialogState } from './counter/console-dialogs';
import { CurrentTicket } from './counter/current-ticket';
import { PrintLinks } from './counter/print-links';
import { Kbd, ariaKeys } from './counter/kbd';
import { permissionsOf } from './counter/permissions';
import { type Cursor, QueueSide } from './counter/queue-side';
import { RefusalNotice } from './counter/refusal-notice';
import { ServiceGuide } from './counter/service-guide';
import { type ShortcutAction, keyHints } from './counter/shortcuts';
import { useConsoleKeys } from './counter/use-console-keys';
import { useNow } from './counter/use-now';
import { useMessages } from './i18n';
import { LogoutButton } from './logout-button';
import { useCounterCommands } from './use-counter-commands';
import { useLiveCounter } from './use-live';

interface Props {
  initial: CounterState;
  hall: HallDetail;
  staff: { displayName: string; username: string };
  /** 容缺受理: the latest deadline each service of the hall allows today. */
  conditionalLimits: Record<string, DeadlineLimit>;
}

/**
 * The counter console: the whole visit from the keyboard (see counter/shortcuts.ts),
 * every command once (one at a time, one idempotency key per press).
 */
export function CounterConsole({ initial, hall, staff, conditionalLimits }: Props) {
  const t = useMessages();
  const live = useLiveCounter(initial.counter.id, initial);
  const state = live.data;
  const { counter, current, queue, parked } = state;
  const { busy, error, info, setInfo, setError, run, isLocked } = useCounterCommands(counter.id, live.refresh);
  const [openedDialog, setDialog] = useState<DialogState | ConditionalDialogState>(null);
  const acceptances = useAcceptances(hall.slug, live.updatedAt);
  const panelRef = useRef<HTMLElement>(null);
  const [sideBusy, setSideBusy] = useState(false);
  const [rawCursor, setCursor] = useState<Cursor>(null);
  const [dismissedRefusal, setDismissedRefusal] = useState<string | null>(null);
  const now = useNow();
  const can = permissionsOf(state);
  const idle = busy === null && !sideBusy;
  // A dialog about the current ticket goes away with it (finished from another tab, say).
  const dialog =
    (openedDialog?.kind === 'complete' || openedDialog?.kind === 'transfer' || openedDialog?.kind === 'refuse' || openedDialog?.kind === 'conditional') && !current
      ? null
      : openedDialog;

  // A selected row that has left the list (called elsewhere, cancelled) is no selection.
  const rows = [...queue.map((q) => ({ list: 'queue' as const, id: q.id, number: q.number })), ...parked.map((p) => ({ list: 'parked' as const, id: p.id, number: p.number }))];
  const selectedRow = rawCursor ? (rows.find((r) => r.list === rawCursor.list && r.id === rawCursor.id) ?? null) : null;
  const cursor: Cursor = selectedRow ? { list: selectedRow.list, id: selectedRow.id } : null;

  const openDialog = (next: DialogState | ConditionalDialogState) => {
    setError(null);
    setDialog(next);
  };

  /** Runs a command; on success the dialog (if any) closes and the selection clears. */
  async function command(action: string, kind: 'ticket' | 'counter', body: unknown = {}): Promise<boolean> {
    const data = await run(action, kind === 'ticket' ? ticketResponse : counterResponse, body);
    if (data === null) return false;
    setDialog(null);
    setCursor(null);
    if (action === 'call-next' && 'ticket' in data && data.ticket === null) setInfo(t.counter.nobodyWaiting);
    return true;
  }

  /** 否定报备: the request parks the ticket until the duty leader decides. */
  async function requestRefusal(body: unknown) {
    const data = await run('refusals', refusalCreated, body);
    if (data === null) return;
    setDialog(null);
    setCursor(null);
    // The request's progress is the counter's state from here on (RefusalNotice), so it
    // follows the leader's decision instead of a message fixed at the time of asking.
    setInfo(null);
    await live.refresh();
  }

  /** 容缺受理: accepted with the missing items; the visit ends and the acceptance waits for them. */
  async function acceptConditionally(draft: ConditionalDraft) {
    const data = await run('conditional-acceptances', acceptanceResponse, draft);
    if (data === null) return;
    setDialog(null);
    setCursor(null);
    const a = data.acceptance;
    setInfo(format(a.commitment === 'phone' ? t.conditional.acceptedPhone : t.conditional.accepted, { number: a.number, day: a.deadlineDay }));
    void acceptances.refresh();
  }

  /** Items received or acceptance withdrawn: commands on the hall's acceptance, not on this counter. */
  async function closeAcceptance(item: Acceptance, action: 'fulfil' | 'withdraw', body: object) {
    if (sideBusy || isLocked()) return;
    setSideBusy(true);
    setError(null);
    const result = await apiPost(`/api/v1/conditional-acceptances/${item.id}/${action}`, acceptanceResponse, body, newIdempotencyKey());
    setSideBusy(false);
    if (!result.ok) return setError(describeApiError(result.error, t));
    setDialog(null);
    setInfo(format(action === 'fulfil' ? t.conditional.fulfilled : t.conditional.withdrawn, { number: item.number }));
    await acceptances.refresh();
  }

  function openConditional() {
    if (isLocked() || !idle) return;
    if (!can.conditional || !current) return explain(t.conditional.action, false);
    openDialog({ kind: 'conditional', number: current.number, serviceId: current.serviceId });
  }

  /** D: to the 容缺 panel, on its first button (or the panel itself when it is empty). */
  function focusPanel() {
    const panel = panelRef.current;
    if (!panel) return;
    (panel.querySelector<HTMLElement>('button:not(:disabled)') ?? panel).focus();
  }

  function openRefusal() {
    if (isLocked() || !idle) return;
    if (!can.refuse) return explain(t.counter.actions.refuse, false);
    openDialog({ kind: 'refuse' });
  }

  /** A key or click that is not possible now says why instead of doing nothing. */
  function explain(label: string, needsFreeCounter: boolean) {
    setError(null);
    if (needsFreeCounter && current) return setInfo(format(t.counter.finishCurrentFirst, { number: current.number }));
    if (needsFreeCounter && counter.status !== 'open') {
      return setInfo(format(t.counter.counterNotOpen, { status: t.counter.status[counter.status] }));
    }
    setInfo(format(t.counter.cannotNow, { action: label }));
  }

  function doAction(action: PadAction | 'pause' | 'resume' | 'open' | 'close') {
    if (isLocked() || !idle) return;
    if (!can[action]) return explain(t.counter.actions[action], action === 'callNext');
    switch (action) {
      case 'callNext':
        return void command('call-next', 'ticket');
      case 'recall':
      case 'start':
      case 'park':
        return void command(action, 'ticket');
      case 'complete':
        return openDialog({ kind: 'complete' });
      case 'noShow':
        return openDialog({ kind: 'noShow', ticketId: null, number: current?.number ?? '' });
      case 'transfer':
        return openDialog({ kind: 'transfer' });
      case 'pause':
        return openDialog({ kind: 'pause' });
      default:
        return void command(action, 'counter');
    }
  }

  /** Enter or a click on a row: call a queued ticket out of turn, or call back a parked one. */
  function actOnRow(row: NonNullable<Cursor>) {
    if (isLocked() || !idle) return;
    if (row.list === 'queue') {
      const position = queue.findIndex((q) => q.id === row.id);
      const item = queue[position];
      if (!item) return;
      if (!can.callChosen) return explain(t.counter.actions.callChosen, true);
      return openDialog({ kind: 'callChosen', ticketId: item.id, number: item.number, position: position + 1 });
    }
    if (!can.returnParked) return explain(t.counter.actions.return, true);
    void command('return', 'ticket', { ticketId: row.id });
  }

  function moveCursor(step: 1 | -1) {
    if (rows.length === 0) return;
    const at = selectedRow ? rows.indexOf(selectedRow) : step === 1 ? -1 : rows.length;
    const row = rows[Math.max(0, Math.min(rows.length - 1, at + step))];
    if (row) setCursor({ list: row.list, id: row.id });
  }

  function onShortcut(action: ShortcutAction) {
    switch (action) {
      case 'help':
        return openDialog({ kind: 'help' });
      case 'escape':
        setCursor(null);
        return setInfo(null);
      case 'up':
      case 'down':
        return moveCursor(action === 'down' ? 1 : -1);
      case 'enter':
        // Enter acts on a selected row when that is possible now, else it starts service.
        if (cursor && (cursor.list === 'queue' ? can.callChosen : can.returnParked)) return actOnRow(cursor);
        return doAction('start');
      case 'noShow':
        if (selectedRow?.list === 'parked') return openDialog({ kind: 'noShow', ticketId: selectedRow.id, number: selectedRow.number });
        return doAction('noShow');
      case 'pauseResume':
        return doAction(counter.status === 'paused' ? 'resume' : 'pause');
      case 'conditional':
        return openConditional();
      case 'conditionalPanel':
        return focusPanel();
      default:
        return doAction(action);
    }
  }

  useConsoleKeys(dialog === null, onShortcut);

  const counterButton = (action: 'pause' | 'resume' | 'open' | 'close', keys: readonly ('Z' | 'O')[], variant = 'btn-secondary') => (
    <button
      type="button"
      className={`btn ${variant}`}
      data-testid={`btn-${action}`}
      disabled={!can[action] || !idle}
      aria-busy={busy === action}
      aria-keyshortcuts={keys.length > 0 ? ariaKeys(keys) : undefined}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => doAction(action)}
    >
      {t.counter.actions[action]}
      {keys.length > 0 ? <Kbd keys={keys} /> : null}
    </button>
  );

  // The latest refusal of the day, until the clerk has read its decision.
  const latestRefusal = state.refusals[0] ?? null;
  const refusalShown = latestRefusal && !(latestRefusal.status !== 'pending' && latestRefusal.id === dismissedRefusal) ? latestRefusal : null;

  const guideFor = current ?? queue[0] ?? null;
  const guideService = guideFor ? (hall.services.find((s) => s.id === guideFor.serviceId) ?? null) : null;

  return (
    <div className="console" data-testid="console" data-counter-status={counter.status} data-idle={idle ? 'true' : 'false'}>
      <header className="card console-bar">
        <div className="console-id">
          <span className="counter-badge tabular" aria-hidden="true">
            {counter.number}
          </span>
          <div>
            <h1 data-testid="counter-name">{counter.name}</h1>
            <p className="muted">
              {hall.name} · {format(t.counter.signedInAs, { name: staff.displayName, username: staff.username })}
            </p>
          </div>
        </div>
        <div className="console-status">
          <span className={`status-pill counter-${counter.status}`} data-testid="counter-status">
            {t.counter.status[counter.status]}
          </span>
          {counter.status === 'paused' && counter.pauseReason ? (
            <span className="pause-reason" data-testid="pause-reason-shown">
              {format(t.counter.pausedBecause, { reason: counter.pauseReason })}
            </span>
          ) : null}
          <span className={`connection connection-${live.connection}`} data-testid="connection" data-state={live.connection} role="status">
            {t.counter.connection[live.connection]}
          </span>
        </div>
        <div className="console-bar-actions" role="group" aria-label={t.counter.counterControls}>
          {counter.status === 'paused' ? counterButton('resume', ['Z'], 'btn-success') : counterButton('pause', ['Z'], 'btn-warning')}
          {counter.status === 'closed' ? counterButton('open', ['O'], 'btn-success') : counterButton('close', [])}
          <button type="button" className="btn btn-ghost" data-testid="btn-help" aria-keyshortcuts="Shift+?" onMouseDown={(e) => e.preventDefault()} onClick={() => openDialog({ kind: 'help' })}>
            {t.counter.actions.help}
            <Kbd keys={keyHints.help} />
          </button>
          <LogoutButton />
        </div>
      </header>

      {live.failing ? (
        <p className="alert alert-error" role="alert" data-testid="stale-warning">
          {t.counter.staleWarning}
        </p>
      ) : null}

      <div className="console-grid">
        <section className="card current-card" aria-labelledby="current-title">
          <h2 id="current-title" className="sr-only">
            {t.counter.current}
          </h2>
          <CurrentTicket current={current} timeline={state.timeline} counter={counter} now={now} />
          <ActionPad can={can} busy={busy} next={queue[0] ?? null} onAction={doAction} onRefuse={openRefusal} onConditional={openConditional} />
          {refusalShown ? <RefusalNotice refusal={refusalShown} onDismiss={() => setDismissedRefusal(refusalShown.id)} /> : null}
          <PrintLinks current={current} />
          <div className="console-message" aria-live="polite">
            {error && dialog === null ? (
              <p className="alert alert-error" role="alert" data-testid="console-error">
                {error}
              </p>
            ) : info ? (
              <p className="alert alert-info" data-testid="console-info">
                {info}
              </p>
            ) : null}
          </div>
        </section>

        <div className="console-middle">
          <ServiceGuide service={guideService} previewOf={current ? null : (queue[0]?.number ?? null)} />
          <ConditionalPanel
            ref={panelRef}
            hall={hall.slug}
            acceptances={acceptances.data?.acceptances ?? []}
            idle={idle}
            onFulfil={(item) => openDialog({ kind: 'fulfil', item })}
            onWithdraw={(item) => openDialog({ kind: 'withdraw', item })}
          />
        </div>

        <QueueSide
          state={state}
          now={now}
          cursor={cursor}
          canCallChosen={can.callChosen}
          canReturn={can.returnParked}
          idle={idle}
          onSelect={setCursor}
          onCallChosen={(id) => actOnRow({ list: 'queue', id })}
          onReturn={(id) => actOnRow({ list: 'parked', id })}
          onNoShowParked={(id) => openDialog({ kind: 'noShow', ticketId: id, number: parked.find((p) => p.id === id)?.number ?? '' })}
        />
      </div>

      <footer className="console-foot tabular">
        <span data-testid="selection-hint" className={selectedRow ? 'is-selecting' : undefined}>
          {selectedRow
            ? rich(selectedRow.list === 'queue' ? t.counter.selectedQueue : t.counter.selectedParked, {
                number: <b>{selectedRow.number}</b>,
                enter: <Kbd keys={keyHints.enter} />,
                esc: <Kbd keys={keyHints.escape} />,
                n: <Kbd keys={keyHints.noShow} />,
              })
            : rich(t.counter.hintBar, { key: <Kbd keys={keyHints.help} /> })}
        </span>
        <span className="muted">{live.updatedAt === null ? '\u00a0' : format(t.common.updatedAt, { time: clockTime(live.updatedAt) })}</span>
      </footer>

      {dialog && (dialog.kind === 'conditional' || dialog.kind === 'fulfil' || dialog.kind === 'withdraw') ? (
        <ConditionalDialogs
          dialog={dialog}
          limits={conditionalLimits}
          busy={!idle}
          error={error}
          onClose={() => setDialog(null)}
          onAccept={(draft) => void acceptConditionally(draft)}
          onFulfil={(item) => void closeAcceptance(item, 'fulfil', {})}
          onWithdraw={(item, reason) => void closeAcceptance(item, 'withdraw', { reason })}
        />
      ) : null}
      <ConsoleDialogs
        dialog={dialog && (dialog.kind === 'conditional' || dialog.kind === 'fulfil' || dialog.kind === 'withdraw') ? null : dialog}
        state={state}
        hall={hall}
        busy={busy !== null}
        error={error}
        onClose={() => setDialog(null)}
        onCommand={(action, body) =>
          void (action === 'refusals' ? requestRefusal(body) : command(action, action === 'pause' ? 'counter' : 'ticket', body))
        }
      />
    </div>
  );
}
