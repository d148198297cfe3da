import type { CounterState } from '@/server/contracts/api';

/**
 * What the console may do now, from the counter's and its ticket's state. It mirrors
 * the server's rules (server/domain/ticket-state.ts, counter-commands.ts) so a button
 * or key that would be refused is off; the server still decides.
 */
export function permissionsOf({ counter, current }: Pick<CounterState, 'counter' | 'current'>) {
  const open = counter.status === 'open';
  const called = current?.status === 'called';
  const active = current !== null;
  return {
    callNext: open && !active,
    callChosen: open && !active,
    returnParked: open && !active,
    recall: called,
    start: called,
    complete: current?.status === 'serving',
    /** 容缺受理 ends the visit like complete, so it needs the citizen at the counter. */
    conditional: current?.status === 'serving',
    noShow: called,
    park: active,
    transfer: active,
    refuse: active,
    pause: open,
    resume: counter.status === 'paused',
    open: counter.status === 'closed',
    close: counter.status !== 'closed' && !active,
  };
}

export type Permissions = ReturnType<typeof permissionsOf>;
