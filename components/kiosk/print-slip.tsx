import { type Messages, format } from '@/lib/i18n';
import { dayAndTime } from '@/lib/time';

export interface SlipTicket {
  number: string;
  serviceName: string;
  ahead: number;
  issuedAt: string;
  qrSvg: string | null;
}

/** The 58 mm slip: shown only to the printer (print media), through window.print(). */
export function PrintSlip({ hallName, ticket, t }: { hallName: string; ticket: SlipTicket; t: Messages }) {
  const k = t.citizen.kiosk;
  return (
    <div className="slip" data-testid="print-slip">
      <p className="slip-hall">{hallName}</p>
      <p className="slip-title">{k.slipTitle}</p>
      <p className="slip-number tabular" data-testid="slip-number">
        {ticket.number}
      </p>
      <p className="slip-service">{ticket.serviceName}</p>
      <p className="slip-ahead" data-testid="slip-ahead">
        {format(k.slipAhead, { n: ticket.ahead })}
      </p>
      {ticket.qrSvg ? <div className="slip-qr" data-testid="slip-qr" dangerouslySetInnerHTML={{ __html: ticket.qrSvg }} /> : null}
      <p className="slip-scan">{k.scan}</p>
      <p className="slip-time tabular">
        {k.slipTime} {dayAndTime(ticket.issuedAt)}
      </p>
      <p className="slip-footer">{k.slipFooter}</p>
    </div>
  );
}
