'use client';

import { format } from '@/lib/i18n';
import { clockTime } from '@/lib/time';
import type { DutyBoard as Board } from '@/server/contracts/governance';
import { CaseCard } from './duty/case-card';
import { ConditionalSection } from './duty/conditional-section';
import { DecidedToday } from './duty/decided-today';
import { RefusalCard } from './duty/refusal-card';
import { useDutyCommand } from './duty/use-duty-command';
import { useMessages } from './i18n';
import { LogoutButton } from './logout-button';
import { useLiveDuty } from './use-live';

/** The duty leader's page: pending refusals and open cases, live over /leader. */
export function DutyBoard({ initial, me }: { initial: Board; me: { displayName: string } }) {
  const t = useMessages();
  const live = useLiveDuty(initial.hall.slug, initial);
  const board = live.data;
  const command = useDutyCommand(live.refresh);
  const overdue = board.cases.filter((c) => c.overdue).length;

  return (
    <div className="duty" data-testid="duty-board">
      <header className="duty-bar">
        <div>
          <h1>{t.duty.title}</h1>
          <p className="muted">
            {board.hall.name} · {me.displayName}
          </p>
          <p className="duty-on" data-testid="duty-on-duty">
            {board.onDuty ? format(t.duty.onDuty, { name: board.onDuty.displayName }) : t.duty.nobodyOnDuty}
          </p>
        </div>
        <div className="duty-bar-side">
          <span className={`connection connection-${live.connection}`} data-testid="connection" data-state={live.connection} role="status">
            {t.duty.connection[live.connection]}
          </span>
          <LogoutButton />
        </div>
      </header>

      <div className="duty-columns">
        <section aria-labelledby="duty-refusals">
          <h2 id="duty-refusals" className="section-title">
            {t.duty.refusals} <span className="duty-count tabular">{board.refusals.length}</span>
          </h2>
          {board.refusals.length === 0 ? <p className="card muted duty-empty">{t.duty.noRefusals}</p> : null}
          {board.refusals.map((r) => (
            <RefusalCard key={r.id} refusal={r} command={command} />
          ))}
        </section>
        <section aria-labelledby="duty-cases">
          <h2 id="duty-cases" className="section-title">
            {t.duty.cases} <span className="duty-count tabular">{board.cases.length}</span>
            {overdue > 0 ? <span className="tag duty-overdue">{`${t.duty.overdue} ${overdue}`}</span> : null}
          </h2>
          {board.cases.length === 0 ? <p className="card muted duty-empty">{t.duty.noCases}</p> : null}
          {board.cases.map((c) => (
            <CaseCard key={c.id} hall={board.hall.slug} item={c} staff={board.staff} command={command} />
          ))}
        </section>
      </div>
      <DecidedToday decided={board.decidedToday} />
      <ConditionalSection hall={board.hall.slug} tick={live.updatedAt} />
      <p className="updated-line tabular">
        {live.failing ? <span className="offline">{t.common.offline}</span> : null}
        {live.updatedAt === null ? '\u00a0' : format(t.common.updatedAt, { time: clockTime(live.updatedAt) })}
      </p>
    </div>
  );
}
