'use client';

import type { StaffTicket } from '@/server/contracts/api';
import { useMessages } from '../i18n';
import { PrintFindForm } from '../print/find-form';
import { PrintLink, printHref } from '../print/print-link';

/** The counter's printing for a citizen without a phone: the current ticket's slip and receipt, and any of today's numbers. */
export function PrintLinks({ current }: { current: StaffTicket | null }) {
  const t = useMessages();
  const a = t.print.actions;
  return (
    <div className="print-links" data-testid="counter-print">
      {current ? (
        <>
          <PrintLink href={printHref(current.id, 'slip')} label={a.slip} testId="print-slip-link" />
          {current.status === 'serving' ? <PrintLink href={printHref(current.id, 'receipt')} label={a.receipt} testId="print-receipt-link" /> : null}
          <PrintLink href={printHref(current.id, 'slip', { auto: false })} label={a.more} testId="print-more-link" className="btn btn-small btn-ghost" />
        </>
      ) : null}
      <PrintFindForm t={t} />
    </div>
  );
}
