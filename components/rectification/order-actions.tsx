'use client';

import { useState } from 'react';
import { format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import { type WorkOrderView, workOrderResponse } from '@/server/contracts/rectification';
import type { useDutyCommand } from '../duty/use-duty-command';
import { useMessages } from '../i18n';

interface Props {
  order: WorkOrderView;
  me: { id: string };
  command: ReturnType<typeof useDutyCommand>;
}

/** The current step's form (a note; the answer on the answer step) and, for a rating, the appeal. */
export function OrderActions({ order, me, command }: Props) {
  const t = useMessages();
  const r = t.rectification;
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState('');
  const [appealing, setAppealing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const busy = command.busy !== null;
  const step = order.step === 'closed' ? null : order.step;
  const blocked = step === 'review' && order.reviewExcludes === me.id;

  async function advance() {
    if (!step) return;
    if (!note.trim()) return setProblem(r.noteRequired);
    if (step === 'answer' && !answer.trim()) return setProblem(r.answerRequired);
    const body = step === 'answer' ? { step, note: note.trim(), answer: answer.trim() } : { step, note: note.trim() };
    const done = await command.run(order.id, `/api/v1/work-orders/${order.id}/advance`, workOrderResponse, body);
    if (done) {
      setNote('');
      setAnswer('');
    }
  }

  async function appeal() {
    if (!reason.trim()) return setProblem(r.appealReason);
    const done = await command.run(order.id, `/api/v1/work-orders/${order.id}/appeal`, workOrderResponse, { reason: reason.trim() });
    if (done) {
      setReason('');
      setAppealing(false);
    }
  }

  /** A second leader's decision on the waiting appeal, or the asker withdrawing it. */
  async function decide(upheld: boolean) {
    if (!reason.trim()) return setProblem(r.appealDecisionRequired);
    const path = upheld ? `/api/v1/work-orders/${order.id}/appeal` : `/api/v1/work-orders/${order.id}/appeal/decline`;
    if (await command.run(order.id, path, workOrderResponse, { reason: reason.trim() })) setReason('');
  }

  const waiting = order.appealRequest;
  const mine = waiting?.by.id === me.id;

  if (!step) return null;
  return (
    <div className="rect-actions">
      <label className="field-label" htmlFor={`note-${order.id}`}>
        {r.note}
      </label>
      <textarea
        id={`note-${order.id}`}
        className="input"
        rows={2}
        maxLength={1000}
        data-testid="rect-note"
        value={note}
        onChange={(e) => {
          setNote(e.target.value);
          setProblem(null);
        }}
      />
      {step === 'answer' ? (
        <>
          <label className="field-label" htmlFor={`answer-${order.id}`}>
            {order.source === 'rating' ? r.answer : r.answerForReport}
          </label>
          <textarea
            id={`answer-${order.id}`}
            className="input"
            rows={3}
            maxLength={2000}
            data-testid="rect-answer-input"
            value={answer}
            onChange={(e) => {
              setAnswer(e.target.value);
              setProblem(null);
            }}
          />
        </>
      ) : null}
      {blocked ? <p className="field-hint">{r.reviewByOther}</p> : null}
      {problem ? <p className="field-error">{problem}</p> : null}
      {command.error?.id === order.id ? (
        <p className="alert alert-error" role="alert">
          {command.error.message}
        </p>
      ) : null}
      <div className="rect-buttons">
        <button type="button" className="btn btn-primary" data-testid="rect-advance" disabled={busy || blocked} onClick={() => void advance()}>
          {format(r.doStep, { step: r.steps[step] })}
        </button>
        {order.source === 'rating' && !appealing && !waiting ? (
          <button type="button" className="btn btn-ghost" data-testid="rect-appeal" disabled={busy} onClick={() => setAppealing(true)}>
            {r.appeal}
          </button>
        ) : null}
      </div>
      {waiting ? (
        <div className="rect-appeal" data-testid="rect-appeal-waiting">
          <p>
            {format(r.appealWaiting, { name: waiting.by.displayName, time: dayAndTime(waiting.at), reason: waiting.reason })}
          </p>
          <p className="field-hint">{mine ? r.appealMine : r.appealForYou}</p>
          <label className="field-label" htmlFor={`decision-${order.id}`}>
            {r.appealDecisionNote}
          </label>
          <input
            id={`decision-${order.id}`}
            className="input"
            maxLength={500}
            data-testid="rect-appeal-note"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(null);
            }}
          />
          <div className="rect-buttons">
            {mine ? (
              <button type="button" className="btn btn-ghost" data-testid="rect-appeal-withdraw" disabled={busy} onClick={() => void decide(false)}>
                {r.appealWithdraw}
              </button>
            ) : (
              <>
                <button type="button" className="btn btn-danger" data-testid="rect-appeal-uphold" disabled={busy} onClick={() => void decide(true)}>
                  {r.appealUphold}
                </button>
                <button type="button" className="btn btn-ghost" data-testid="rect-appeal-decline" disabled={busy} onClick={() => void decide(false)}>
                  {r.appealDecline}
                </button>
              </>
            )}
          </div>
        </div>
      ) : null}
      {appealing && !waiting ? (
        <div className="rect-appeal">
          <p className="field-hint">{r.appealTwoLeaders}</p>
          <label className="field-label" htmlFor={`reason-${order.id}`}>
            {r.appealReason}
          </label>
          <input
            id={`reason-${order.id}`}
            className="input"
            maxLength={500}
            data-testid="rect-appeal-reason"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(null);
            }}
          />
          <div className="rect-buttons">
            <button type="button" className="btn btn-danger" data-testid="rect-appeal-confirm" disabled={busy} onClick={() => void appeal()}>
              {r.appealConfirm}
            </button>
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setAppealing(false)}>
              {t.common.cancel}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
