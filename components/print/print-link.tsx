import type { PrintDoc, PrintPaper } from '@/server/contracts/print';
import './print-actions.css';

/** Where a document of a ticket prints: the one print route, opening the dialog at once. */
export function printHref(ticketId: string, doc: PrintDoc, options: { paper?: PrintPaper; acceptance?: string; auto?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (options.paper) q.set('paper', options.paper);
  if (options.acceptance) q.set('acceptance', options.acceptance);
  if (options.auto !== false) q.set('auto', '1');
  const query = q.toString();
  return `/print/${encodeURIComponent(ticketId)}/${doc}${query ? `?${query}` : ''}`;
}

/** A print button: a new tab with the sheet, so the console or tablet stays as it was. */
export function PrintLink({ href, label, testId, className = 'btn btn-small btn-secondary' }: { href: string; label: string; testId: string; className?: string }) {
  return (
    <a href={href} target="_blank" rel="noopener" className={className} data-testid={testId}>
      {label}
    </a>
  );
}
