'use client';

import { useState } from 'react';
import { format } from '@/lib/i18n';
import { clockTime } from '@/lib/time';
import { type CounterState, counterResponse, ticketResponse } from '@/server/contracts/api';
import { CounterSide } from './counter-side';
import { useMessages } from './i18n';
import { LogoutButton } from './logout-button';
import { useCounterCommands } from './use-counter-commands';
import { useLiveCounter } from './use-live';

interface TransferTarget {
  id: string;
  name: string;
  prefix: string;
}

interface Props {
  initial: CounterState;
  hallName: string;
  staff: { displayName: string; username: string };
  transferTargets: TransferTarget[];
}

type Panel = 'none' | 'transfer' | 'pause';

export function CounterConsole({ initial, hallName, staff, transferTargets }: Props) {
  const t = useMessages();
  const live = useLiveCounter(initial.counter.id, initial);
  const state = live.data;
  const { counter, current } = state;
  const { busy, error, info, setInfo, run } = useCounterCommands(counter.id, live.refresh);
  const [panel, setPanel] = useState<Panel>('none');
  const [reason, setReason] = useState('');

  // What each button may do now, from the counter's and the ticket's state.
  const isOpen = counter.status === 'open';
  const called = current?.status === 'called';
  const active = current !== null;
  const can = {
    callNext: isOpen && !active,
    recall: called,
    start: called,
    complete: current?.status === 'serving',
    noShow: called,
    park: active,
    transfer: active,
    pause: isOpen,
    resume: counter.status === 'paused',
    open: counter.status === 'closed',
    close: counter.status !== 'closed' && !active,
    returnParked: isOpen && !active,
  };
  const idle = busy === null;

  const ticketCommand = (action: string, body: unknown = {}) => async () => {
    setPanel('none');
    await run(action, ticketResponse, body);
  };
  const counterCommand = (action: string, body: unknown = {}) => async () => {
    setPanel('none');
    await run(action, counterResponse, body);
  };

  async function callNext() {
    setPanel('none');
    const data = await run('call-next', ticketResponse);
    if (data && data.ticket === null) setInfo(t.counter.nobodyWaiting);
  }

  async function pause() {
    const text = reason.trim();
    if (!text) return;
    const data = await run('pause', counterResponse, { reason: text });
    if (data) {
      setPanel('none');
      setReason('');
    }
  }

  const button = (key: keyof typeof t.counter.actions, testId: string, allowed: boolean, onClick: () => Promise<void> | void, variant = 'btn-secondary') => (
    <button
      type="button"
      className={`btn ${variant}`}
      data-testid={testId}
      disabled={!allowed || !idle}
      aria-busy={busy !== null && busy === testId.replace(/^btn-/, '')}
      onClick={() => void onClick()}
    >
      {t.counter.actions[key]}
    </button>
  );

  const transferChoices = transferTargets.filter((s) => s.id !== current?.serviceId);

  return (
    <div className="console">
      <header className="card console-bar">
        <div className="console-id">
          <span className="counter-badge tabular" aria-hidden="true">
            {counter.number}
          </span>
          <div>
            <h1 data-testid="counter-name">{counter.name}</h1>
            <p className="muted">
              {hallName} · {format(t.counter.counterLabel, { number: counter.number })} ·{' '}
              {format(t.counter.signedInAs, { name: staff.displayName, username: staff.username })}
            </p>
          </div>
        </div>
        <div className="console-status">
          <span className={`status-pill counter-${counter.status}`} data-testid="counter-status">
            {t.counter.status[counter.status]}
          </span>
          {counter.status === 'paused' && counter.pauseReason ? (
            <span className="muted" data-testid="pause-reason-shown">
              {format(t.counter.pausedBecause, { reason: counter.pauseReason })}
            </span>
          ) : null}
        </div>
        <div className="console-bar-actions" role="group" aria-label={t.counter.counterControls}>
          {button('pause', 'btn-pause', can.pause, () => setPanel(panel === 'pause' ? 'none' : 'pause'), 'btn-warning')}
          {button('resume', 'btn-resume', can.resume, counterCommand('resume'))}
          {button('open', 'btn-open', can.open, counterCommand('open'))}
          {button('close', 'btn-close', can.close, counterCommand('close'))}
          <LogoutButton />
        </div>
      </header>

      {panel === 'pause' ? (
        <form
          className="card panel"
          onSubmit={(e) => {
            e.preventDefault();
            void pause();
          }}
        >
          <label className="field-label" htmlFor="pause-reason">
            {t.counter.pauseTitle}
          </label>
          <div className="chip-row">
            {t.counter.pauseReasons.map((preset) => (
              <button key={preset} type="button" className={`chip${reason === preset ? ' is-selected' : ''}`} onClick={() => setReason(preset)}>
                {preset}
              </button>
            ))}
          </div>
          <div className="inline-form">
            <input
              id="pause-reason"
              data-testid="pause-reason"
              className="input"
              maxLength={200}
              placeholder={t.counter.pausePlaceholder}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
            <button type="submit" className="btn btn-warning" data-testid="btn-pause-confirm" disabled={!reason.trim() || !idle}>
              {t.counter.pauseConfirm}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setPanel('none')}>
              {t.common.cancel}
            </button>
          </div>
        </form>
      ) : null}

      {error ? (
        <p className="alert alert-error" role="alert" data-testid="console-error">
          {error}
        </p>
      ) : null}
      {info ? (
        <p className="alert alert-info" role="status" data-testid="console-info">
          {info}
        </p>
      ) : null}

      <div className="console-grid">
        <section className="card current-card" aria-labelledby="current-title">
          <h2 id="current-title" className="section-title">
            {t.counter.current}
          </h2>
          {current ? (
            <div className={`current is-${current.status}`}>
              <p className="current-number tabular" data-testid="current-number">
                {current.number}
              </p>
              <div className="current-meta">
                <p className="current-service">{current.serviceName}</p>
                <p className={`status-pill ticket-${current.status}`} data-testid="current-status">
                  {current.status === 'called' || current.status === 'serving' ? t.counter.ticketStatus[current.status] : t.ticket.status[current.status]}
                </p>
                <p className="muted tabular">
                  {current.phoneMasked ? <span data-testid="current-phone">{current.phoneMasked}</span> : null}
                  {current.priorityClass !== 'normal' ? <span className="tag tag-priority">{t.counter.priority[current.priorityClass]}</span> : null}
                  {current.transferred ? <span className="tag">{t.counter.transferredTicket}</span> : null}
                  {current.recallCount > 0 ? <span className="tag">{format(t.counter.recalls, { n: current.recallCount })}</span> : null}
                </p>
              </div>
            </div>
          ) : (
            <p className="current-empty muted">{t.counter.noCurrent}</p>
          )}

          <div className="action-grid" role="group" aria-label={t.counter.ticketControls}>
            <button
              type="button"
              className="btn btn-primary btn-call"
              data-testid="btn-call-next"
              disabled={!can.callNext || !idle}
              aria-busy={busy === 'call-next'}
              onClick={() => void callNext()}
            >
              {t.counter.actions.callNext}
            </button>
            {button('recall', 'btn-recall', can.recall, ticketCommand('recall'))}
            {button('start', 'btn-start', can.start, ticketCommand('start'), 'btn-success')}
            {button('complete', 'btn-complete', can.complete, ticketCommand('complete'), 'btn-success')}
            {button('noShow', 'btn-no-show', can.noShow, ticketCommand('no-show'), 'btn-outline-danger')}
            {button('park', 'btn-park', can.park, ticketCommand('park'))}
            {button('transfer', 'btn-transfer', can.transfer, () => setPanel(panel === 'transfer' ? 'none' : 'transfer'))}
          </div>

          {panel === 'transfer' && can.transfer ? (
            <div className="panel transfer-panel">
              <p className="field-label">{t.counter.transferTitle}</p>
              <div className="chip-row">
                {transferChoices.map((s) => (
                  <button
                    key={s.id}
                    type="button"
                    className="chip"
                    data-testid={`transfer-to-${s.prefix}`}
                    aria-label={format(t.counter.transferTo, { name: s.name })}
                    disabled={!idle}
                    onClick={() => void ticketCommand('transfer', { serviceId: s.id })()}
                  >
                    <b>{s.prefix}</b> {s.name}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
        </section>

        <CounterSide
          state={state}
          now={live.updatedAt}
          canReturn={can.returnParked}
          busy={busy}
          onReturn={(ticketId) => void run('return', ticketResponse, { ticketId })}
        />
      </div>

      <p className="updated-line tabular">
        {live.failing ? <span className="offline">{t.common.offline}</span> : null}
        {live.updatedAt === null ? '\u00a0' : format(t.common.updatedAt, { time: clockTime(live.updatedAt) })}
      </p>
    </div>
  );
}
