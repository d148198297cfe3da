'use client';

import { useMessages } from '../i18n';

/** Roughly how fast the notices move: seconds per character, a pace people can read from afar. */
const secondsPerCharacter = 0.32;

/**
 * The hall's notices, scrolling along the bottom of the TV. The text runs twice in a
 * row so the loop has no gap; screen readers get it once.
 */
export function NoticesTicker({ notices }: { notices: string[] }) {
  const t = useMessages();
  if (notices.length === 0) return null;
  const text = notices.join('　　◆　　');
  const duration = Math.max(20, Math.round([...text].length * secondsPerCharacter));
  return (
    <section className="display-ticker" aria-labelledby="display-ticker-title" data-testid="display-notices">
      <h2 id="display-ticker-title" className="display-ticker-label">
        {t.display.notices}
      </h2>
      <div className="display-ticker-window">
        <div className="display-ticker-track" style={{ animationDuration: `${duration}s` }}>
          <p className="display-ticker-text">{text}</p>
          <p className="display-ticker-text" aria-hidden="true">
            {text}
          </p>
        </div>
      </div>
    </section>
  );
}
