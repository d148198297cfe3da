import { type Messages, format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';
import './print.css';

export interface SlipTicket {
  number: string;
  serviceName: string;
  ahead: number;
  issuedAt: string;
  qrSvg: string | null;
}

/** A slip printed again: people ahead now, null when the ticket no longer waits. */
export type SlipContent = Omit<SlipTicket, 'ahead'> & { ahead: number | null };

export type SlipWidth = '58' | '80';

/**
 * The ticket slip (排队号单) on a 58 or 80 mm roll: the kiosk prints it through
 * window.print() after taking a number (printOnly: the screen never shows it), the counter
 * and the volunteer's tablet reprint it from /print/{ticketId}/slip. One component, one
 * print sheet (print.css), so every slip of the hall looks the same.
 */
export function TicketSlip({
  hallName,
  ticket,
  t,
  width = '58',
  printOnly = false,
  reprintedAt = null,
}: {
  hallName: string;
  ticket: SlipContent;
  t: Messages;
  width?: SlipWidth;
  printOnly?: boolean;
  reprintedAt?: string | null;
}) {
  const k = t.citizen.kiosk;
  return (
    <div className={`slip slip-${width}${printOnly ? ' slip-print-only' : ''}`} data-testid="print-slip" data-width={width}>
      <p className="slip-hall">{hallName}</p>
      <p className="slip-title">{k.slipTitle}</p>
      <p className="slip-number tabular" data-testid="slip-number">
        {ticket.number}
      </p>
      <p className="slip-service">{ticket.serviceName}</p>
      {ticket.ahead === null ? null : (
        <p className="slip-ahead" data-testid="slip-ahead">
          {format(k.slipAhead, { n: ticket.ahead })}
        </p>
      )}
      {ticket.qrSvg ? <div className="slip-qr" data-testid="slip-qr" dangerouslySetInnerHTML={{ __html: ticket.qrSvg }} /> : null}
      <p className="slip-scan">{k.scan}</p>
      <p className="slip-time tabular">
        {k.slipTime} {dayAndTime(ticket.issuedAt)}
      </p>
      {reprintedAt ? (
        <p className="slip-time tabular" data-testid="slip-reprinted">
          {format(t.print.reprinted, { time: dayAndTime(reprintedAt) })}
        </p>
      ) : null}
      <p className="slip-footer">{k.slipFooter}</p>
    </div>
  );
}
