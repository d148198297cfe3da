'use client';

import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { apiGet } from '@/lib/api-client';
import { format, rich } from '@/lib/i18n';
import { type HallDetail, hallDetail } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { DialogFooter } from './dialog-parts';
import { Kbd } from './kbd';
import { Modal } from './modal';

export type TransferTarget = { serviceId: string } | { counterId: string };

type Option =
  | { kind: 'service'; id: string; key: string; label: string; prefix: string; waiting: number; disabled: false }
  | { kind: 'counter'; id: string; key: string; label: string; number: number; status: HallDetail['counters'][number]['status']; disabled: boolean };

interface Props {
  hall: HallDetail;
  number: string;
  /** The ticket's own service and counter are not offered. */
  serviceId: string;
  counterId: string;
  busy: boolean;
  error: string | null;
  onConfirm: (target: TransferTarget, note: string) => void;
  onClose: () => void;
}

function optionsOf(hall: HallDetail, serviceId: string, counterId: string): Option[] {
  const services: Option[] = hall.services
    .filter((s) => s.id !== serviceId)
    .map((s) => ({ kind: 'service', id: s.id, key: `service-${s.prefix}`, label: s.name, prefix: s.prefix, waiting: s.waiting, disabled: false }));
  const counters: Option[] = hall.counters
    .filter((c) => c.id !== counterId)
    .map((c) => ({ kind: 'counter', id: c.id, key: `counter-${c.number}`, label: c.name, number: c.number, status: c.status, disabled: c.status === 'closed' }));
  return [...services, ...counters];
}

/** Type-to-filter: a service by name or prefix letter, a counter by number or name. */
function matches(option: Option, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  if (option.label.toLowerCase().includes(q)) return true;
  return option.kind === 'service' ? option.prefix.toLowerCase() === q : String(option.number).startsWith(q);
}

/**
 * Transfer the current ticket to another service's queue or to one counter. Typing
 * filters, ↑/↓ move, Enter picks and moves to the note, Enter again transfers.
 */
export function TransferDialog({ hall, number, serviceId, counterId, busy, error, onConfirm, onClose }: Props) {
  const t = useMessages();
  const [fresh, setFresh] = useState<HallDetail>(hall);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<Option | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // Waiting counts and counter states move all day; show them as they are now.
  useEffect(() => {
    const abort = new AbortController();
    void apiGet(`/api/v1/halls/${encodeURIComponent(hall.id)}`, hallDetail, abort.signal).then((result) => {
      if (result.ok) setFresh(result.data);
    });
    return () => abort.abort();
  }, [hall.id]);

  const options = useMemo(() => optionsOf(fresh, serviceId, counterId).filter((o) => matches(o, query)), [fresh, serviceId, counterId, query]);
  const pickable = options.filter((o) => !o.disabled);
  const activeOption = pickable[Math.min(active, pickable.length - 1)] ?? null;

  useEffect(() => {
    if (activeOption) listRef.current?.querySelector(`[data-key="${activeOption.key}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeOption]);

  function choose(option: Option | null) {
    if (!option || option.disabled) return;
    setChosen(option);
    setProblem(null);
    noteRef.current?.focus();
  }

  function submit() {
    if (busy) return;
    if (!chosen) {
      setProblem(t.counter.transferPickFirst);
      return;
    }
    onConfirm(chosen.kind === 'service' ? { serviceId: chosen.id } : { counterId: chosen.id }, note.trim());
  }

  function onFilterKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(pickable.length - 1, Math.min(i, pickable.length - 1) + step)));
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (!event.repeat) choose(activeOption);
    }
  }

  const label = (o: Option) => (o.kind === 'service' ? `${o.prefix} ${o.label}` : o.label);
  const section = (kind: Option['kind'], title: string) => {
    const rows = options.filter((o) => o.kind === kind);
    if (rows.length === 0) return null;
    return (
      <div role="group" aria-label={title}>
        <p className="picker-heading">{title}</p>
        {rows.map((o) => (
          <button
            key={o.key}
            type="button"
            role="option"
            id={`transfer-${o.key}`}
            data-key={o.key}
            data-testid={`transfer-to-${o.kind === 'service' ? o.prefix : `counter-${o.number}`}`}
            aria-selected={chosen?.key === o.key}
            className={`picker-option${activeOption?.key === o.key ? ' is-active' : ''}${chosen?.key === o.key ? ' is-chosen' : ''}`}
            tabIndex={-1}
            disabled={o.disabled}
            onClick={() => choose(o)}
          >
            <span className="picker-badge tabular">{o.kind === 'service' ? o.prefix : o.number}</span>
            <span className="picker-label">{o.label}</span>
            <span className="picker-meta muted tabular">
              {o.kind === 'service' ? format(t.counter.transferWaiting, { n: o.waiting }) : t.counter.status[o.status]}
            </span>
          </button>
        ))}
      </div>
    );
  };

  return (
    <Modal title={format(t.counter.transferTitle, { number })} testId="transfer-dialog" onClose={onClose} wide>
      <form
        className="modal-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          className="input"
          data-testid="transfer-filter"
          placeholder={t.counter.transferFilter}
          aria-label={t.counter.transferFilter}
          role="combobox"
          aria-expanded="true"
          aria-controls="transfer-options"
          aria-activedescendant={activeOption ? `transfer-${activeOption.key}` : undefined}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onFilterKey}
          data-autofocus=""
        />
        <p className="picker-keys muted">
          {rich(t.counter.transferKeys, { updown: <Kbd keys={['up', 'down']} />, enter: <Kbd keys={['enter']} /> })}
        </p>
        <div className="picker" id="transfer-options" role="listbox" ref={listRef} aria-label={t.counter.actions.transfer}>
          {options.length === 0 ? <p className="muted side-empty">{t.counter.transferNone}</p> : null}
          {section('service', t.counter.transferServices)}
          {section('counter', t.counter.transferCounters)}
        </div>
        <p className={`picker-chosen${chosen ? '' : ' muted'}`} data-testid="transfer-chosen">
          {chosen ? format(t.counter.transferChosen, { target: label(chosen) }) : t.counter.transferPickFirst}
        </p>
        <label className="field-label" htmlFor="transfer-note">
          {t.counter.transferNote}
        </label>
        <input
          id="transfer-note"
          ref={noteRef}
          className="input"
          data-testid="transfer-note"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
              event.preventDefault();
              if (!event.repeat) submit();
            }
          }}
        />
        {problem ? (
          <p className="field-error" data-testid="transfer-problem">
            {problem}
          </p>
        ) : null}
        <DialogFooter error={error} busy={busy} confirmLabel={t.counter.transferConfirm} confirmTestId="transfer-confirm" onCancel={onClose} />
      </form>
    </Modal>
  );
}
