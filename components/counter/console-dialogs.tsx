'use client';

import { format } from '@/lib/i18n';
import type { CounterState, HallDetail } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { CallChosenDialog } from './call-chosen-dialog';
import { CompleteDialog } from './complete-dialog';
import { ConfirmDialog } from './confirm-dialog';
import { HelpDialog } from './help-dialog';
import { PauseDialog } from './pause-dialog';
import { RefusalDialog } from './refusal-dialog';
import { TransferDialog } from './transfer-dialog';

export type DialogState =
  | { kind: 'complete' }
  | { kind: 'noShow'; ticketId: string | null; number: string }
  | { kind: 'transfer' }
  | { kind: 'pause' }
  | { kind: 'callChosen'; ticketId: string; number: string; position: number }
  | { kind: 'help' }
  | { kind: 'refuse' }
  | null;

interface Props {
  dialog: DialogState;
  state: CounterState;
  hall: HallDetail;
  busy: boolean;
  /** The last command's error, shown in the dialog that sent it. */
  error: string | null;
  onClose: () => void;
  /** Sends a counter command by its API action name; the console closes the dialog on success. */
  onCommand: (action: 'complete' | 'no-show' | 'transfer' | 'pause' | 'call' | 'refusals', body: unknown) => void;
}

/** The one dialog the console shows at a time. */
export function ConsoleDialogs({ dialog, state, hall, busy, error, onClose, onCommand }: Props) {
  const t = useMessages();
  const { current, counter, queue } = state;
  if (!dialog) return null;

  switch (dialog.kind) {
    case 'help':
      return <HelpDialog onClose={onClose} />;
    case 'pause':
      return <PauseDialog busy={busy} error={error} onClose={onClose} onConfirm={(reason) => onCommand('pause', { reason })} />;
    case 'callChosen':
      return (
        <CallChosenDialog
          number={dialog.number}
          position={dialog.position}
          next={queue[0]?.number ?? '–'}
          busy={busy}
          error={error}
          onClose={onClose}
          onConfirm={(reason) => onCommand('call', { ticketId: dialog.ticketId, reason })}
        />
      );
    case 'noShow':
      return (
        <ConfirmDialog
          title={format(t.counter.noShowTitle, { number: dialog.number })}
          body={
            dialog.ticketId
              ? format(t.counter.noShowParkedBody, { number: dialog.number })
              : state.rejoin
                ? format(t.counter.noShowBody, { minutes: state.rejoin })
                : t.counter.noShowBodyNoRejoin
          }
          testId="no-show-dialog"
          confirmLabel={t.counter.noShowConfirm}
          confirmTestId="no-show-confirm"
          busy={busy}
          error={error}
          onClose={onClose}
          onConfirm={() => onCommand('no-show', dialog.ticketId ? { ticketId: dialog.ticketId } : {})}
        />
      );
    case 'complete':
      if (!current) return null;
      return (
        <CompleteDialog
          number={current.number}
          busy={busy}
          error={error}
          onClose={onClose}
          onConfirm={(outcome, note, caseNo) => onCommand('complete', { outcome, ...(note ? { note } : {}), ...(caseNo ? { caseNo } : {}) })}
        />
      );
    case 'refuse':
      if (!current) return null;
      return <RefusalDialog number={current.number} busy={busy} error={error} onClose={onClose} onConfirm={(draft) => onCommand('refusals', draft)} />;
    case 'transfer':
      if (!current) return null;
      return (
        <TransferDialog
          hall={hall}
          number={current.number}
          serviceId={current.serviceId}
          counterId={counter.id}
          busy={busy}
          error={error}
          onClose={onClose}
          onConfirm={(target, note) => onCommand('transfer', note ? { ...target, note } : target)}
        />
      );
  }
}
