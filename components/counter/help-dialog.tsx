'use client';

import type { KeyboardEvent } from 'react';
import { useMessages } from '../i18n';
import { Kbd } from './kbd';
import { Modal } from './modal';
import { type KeyName, keyHints } from './shortcuts';

/** Every shortcut of the console in one table; ? or Esc closes it. */
export function HelpDialog({ onClose }: { onClose: () => void }) {
  const t = useMessages();
  const a = t.counter.actions;
  const h = t.counter.help;
  const rows: Array<[readonly KeyName[], string]> = [
    [keyHints.callNext, a.callNext],
    [keyHints.recall, a.recall],
    [[...keyHints.start, ...keyHints.enter], h.startOrSelection],
    [keyHints.complete, a.complete],
    [keyHints.conditional, t.conditional.action],
    [keyHints.conditionalPanel, t.conditional.panelTitle],
    [keyHints.noShow, a.noShow],
    [keyHints.park, a.park],
    [keyHints.transfer, a.transfer],
    [keyHints.pauseResume, h.pauseResume],
    [keyHints.open, a.open],
    [keyHints.select, h.select],
    [keyHints.enter, h.actOnSelection],
    [keyHints.escape, h.escape],
    [keyHints.help, h.toggle],
  ];

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key === '?') {
      event.preventDefault();
      onClose();
    }
  }

  return (
    <Modal title={h.title} testId="help-dialog" onClose={onClose} onKeyDown={onKeyDown} wide>
      <p className="modal-body muted">{h.intro}</p>
      <table className="help-table">
        <tbody>
          {rows.map(([keys, label]) => (
            <tr key={label}>
              <td>
                <Kbd keys={keys} />
              </td>
              <td>{label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted help-foot">{h.inDialogs}</p>
      <div className="modal-actions">
        <button type="button" className="btn btn-secondary" data-testid="help-close" onClick={onClose} data-autofocus="">
          {h.close}
          <Kbd keys={['esc']} />
        </button>
      </div>
    </Modal>
  );
}
