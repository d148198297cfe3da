'use client';

import { useEffect, useState } from 'react';
import { format } from '@/lib/i18n';
import { calendarDay, clockTime } from '@/lib/time';
import { useMessages } from '../i18n';

/** Rendered only in the browser, so the server's second never disagrees with the TV's. */
export function DisplayClock() {
  const t = useMessages();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return <div className="display-clock" />;
  const day = calendarDay(now);
  return (
    <div className="display-clock" data-testid="display-clock">
      <span className="display-time tabular">{clockTime(now)}</span>
      <span className="display-date tabular">
        {format(t.display.date, day)} {t.display.weekdays[day.weekday]}
      </span>
    </div>
  );
}
