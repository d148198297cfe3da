'use client';

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** The citizen's link as a QR code, absolute so a phone's camera can open it. */
export function TicketQr({ url }: { url: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const absolute = typeof window === 'undefined' ? url : new URL(url, window.location.origin).href;
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(absolute, { margin: 1, width: 220, errorCorrectionLevel: 'M' })
      .then((data) => {
        if (live) setSrc(data);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [absolute]);
  return (
    <div className="volunteer-qr" data-testid="volunteer-qr" data-url={absolute}>
      {src ? <img src={src} width={220} height={220} alt={absolute} /> : null}
    </div>
  );
}
