import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  activeStatuses,
  isTicketStatus,
  nextStatus,
  terminalStatuses,
  ticketActions,
  ticketStatuses,
  transitions,
  type TicketAction,
  type TicketStatus,
} from '../../server/domain/ticket-state';

describe('ticket state machine: legal transitions', () => {
  it.each<[TicketStatus, TicketAction, TicketStatus]>([
    ['waiting', 'call', 'called'],
    ['called', 'recall', 'called'],
    ['called', 'start', 'serving'],
    ['serving', 'complete', 'completed'],
    ['called', 'transfer', 'transferred'],
    ['serving', 'transfer', 'transferred'],
    ['called', 'park', 'parked'],
    ['serving', 'park', 'parked'],
    ['parked', 'return', 'called'],
    ['called', 'no_show', 'no_show'],
    ['parked', 'no_show', 'no_show'],
    ['waiting', 'cancel', 'cancelled'],
    ['no_show', 'rejoin', 'waiting'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });
});

describe('ticket state machine: illegal transitions', () => {
  it('completed accepts no action at all', () => {
    for (const action of ticketActions) expect(nextStatus('completed', action)).toBeNull();
  });

  it('waiting cannot go straight to serving, completed or transferred', () => {
    expect(nextStatus('waiting', 'start')).toBeNull();
    expect(nextStatus('waiting', 'complete')).toBeNull();
    expect(nextStatus('waiting', 'transfer')).toBeNull();
    expect(nextStatus('waiting', 'recall')).toBeNull();
  });

  it('a called ticket cannot be cancelled, nor a serving one', () => {
    expect(nextStatus('called', 'cancel')).toBeNull();
    expect(nextStatus('serving', 'cancel')).toBeNull();
  });

  it('a called ticket cannot be completed without being served', () => {
    expect(nextStatus('called', 'complete')).toBeNull();
  });

  it('a parked ticket cannot be served directly, and no_show cannot be called directly', () => {
    expect(nextStatus('parked', 'start')).toBeNull();
    expect(nextStatus('no_show', 'call')).toBeNull();
  });
});

describe('ticket state machine: table invariants', () => {
  it('every target in the table is a known status', () => {
    for (const action of ticketActions) {
      for (const [from, to] of Object.entries(transitions[action])) {
        expect(isTicketStatus(from)).toBe(true);
        expect(to !== undefined && isTicketStatus(to)).toBe(true);
      }
    }
  });

  it('isTicketStatus accepts exactly the listed statuses', () => {
    for (const s of ticketStatuses) expect(isTicketStatus(s)).toBe(true);
    expect(isTicketStatus('done')).toBe(false);
    expect(isTicketStatus('')).toBe(false);
    expect(isTicketStatus('WAITING')).toBe(false);
  });

  it('terminal and active sets are as documented', () => {
    expect([...terminalStatuses].sort()).toEqual(['cancelled', 'completed', 'transferred']);
    expect([...activeStatuses].sort()).toEqual(['called', 'serving']);
  });

  it('property: terminal statuses have no outgoing transition', () => {
    fc.assert(
      fc.property(fc.constantFrom(...terminalStatuses), fc.constantFrom(...ticketActions), (status, action) => {
        expect(nextStatus(status, action)).toBeNull();
      }),
    );
  });

  it('property: non-terminal statuses have at least one way out', () => {
    for (const s of ticketStatuses) {
      if (terminalStatuses.has(s)) continue;
      expect(ticketActions.some((a) => nextStatus(s, a) !== null)).toBe(true);
    }
  });
});

describe('ticket state machine: random walks from waiting', () => {
  const walk = fc.array(fc.constantFrom(...ticketActions), { maxLength: 60 });

  function run(actions: readonly TicketAction[]): TicketStatus[] {
    const visited: TicketStatus[] = ['waiting'];
    let status: TicketStatus = 'waiting';
    for (const action of actions) {
      const next = nextStatus(status, action);
      if (next === null) continue;
      status = next;
      visited.push(status);
    }
    return visited;
  }

  it('property: only ever visits known statuses', () => {
    fc.assert(
      fc.property(walk, (actions) => {
        for (const s of run(actions)) expect(ticketStatuses).toContain(s);
      }),
    );
  });

  it('property: once terminal, stays terminal (and unchanged)', () => {
    fc.assert(
      fc.property(walk, (actions) => {
        const visited = run(actions);
        const firstTerminal = visited.findIndex((s) => terminalStatuses.has(s));
        if (firstTerminal === -1) return;
        // A terminal status accepts nothing, so it must be the last one visited.
        expect(firstTerminal).toBe(visited.length - 1);
      }),
    );
  });

  it('property: serving is entered only from called', () => {
    fc.assert(
      fc.property(walk, (actions) => {
        const visited = run(actions);
        for (let i = 1; i < visited.length; i += 1) {
          if (visited[i] === 'serving') expect(visited[i - 1]).toBe('called');
        }
      }),
    );
  });

  it('property: for every status and action, entering serving requires from = called', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ticketStatuses), fc.constantFrom(...ticketActions), (from, action) => {
        if (nextStatus(from, action) === 'serving') expect(from).toBe('called');
      }),
    );
  });

  it('every status is reachable from waiting by some walk', () => {
    const reached = new Set<TicketStatus>(['waiting']);
    let frontier: TicketStatus[] = ['waiting'];
    while (frontier.length > 0) {
      const next: TicketStatus[] = [];
      for (const s of frontier) {
        for (const a of ticketActions) {
          const t = nextStatus(s, a);
          if (t && !reached.has(t)) {
            reached.add(t);
            next.push(t);
          }
        }
      }
      frontier = next;
    }
    expect([...reached].sort()).toEqual([...ticketStatuses].sort());
  });
});
