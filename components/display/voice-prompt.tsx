'use client';

import { useEffect, useRef } from 'react';
import { useMessages } from '../i18n';
import type { Voice } from './use-voice';

/**
 * Asked once per device: browsers keep a page silent until someone taps it. The question
 * sits in the header, not over the board, so the call area stays readable while nobody has
 * answered yet (a TV is often switched on and left).
 */
export function VoicePrompt({ voice }: { voice: Voice }) {
  const t = useMessages();
  const button = useRef<HTMLButtonElement>(null);
  const open = voice.choice === 'unset';
  useEffect(() => {
    if (open) button.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="voice-prompt" role="group" aria-labelledby="voice-prompt-title" aria-describedby="voice-prompt-body" data-testid="voice-prompt">
      <SpeakerIcon className="voice-prompt-icon" />
      <h2 id="voice-prompt-title" className="voice-prompt-title">
        {t.display.voice.promptTitle}
      </h2>
      <p id="voice-prompt-body" className="sr-only">
        {t.display.voice.promptBody}
      </p>
      <button ref={button} type="button" className="voice-prompt-enable" data-testid="voice-enable" onClick={() => voice.choose('on')}>
        {t.display.voice.enable}
      </button>
      <button type="button" className="voice-prompt-decline" data-testid="voice-decline" onClick={() => voice.choose('off')}>
        {t.display.voice.decline}
      </button>
    </div>
  );
}

/** The small voice state in the header: a tap on it asks again. */
export function VoiceIndicator({ voice }: { voice: Voice }) {
  const t = useMessages();
  if (voice.choice === null || voice.choice === 'unset') return null;
  if (voice.blocked) {
    return (
      <button type="button" className="display-voice is-blocked" data-testid="voice-blocked" onClick={voice.ask}>
        <SpeakerIcon muted className="display-voice-icon" />
        <span>{t.display.voice.blocked}</span>
      </button>
    );
  }
  if (voice.choice === 'off') {
    // Voice off is a choice staff made, not news for the public: a faint icon, its words for staff on hover and to screen readers.
    return (
      <button type="button" className="display-voice is-off" data-testid="voice-off" onClick={voice.ask} aria-label={t.display.voice.off} title={t.display.voice.off}>
        <SpeakerIcon muted className="display-voice-icon" />
      </button>
    );
  }
  return (
    <button type="button" className="display-voice is-on" data-testid="voice-on" onClick={voice.ask} aria-label={t.display.voice.on}>
      <SpeakerIcon className="display-voice-icon" />
    </button>
  );
}

function SpeakerIcon({ muted = false, className }: { muted?: boolean; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
      {muted ? (
        <path d="M16 9l5 6M21 9l-5 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" fill="none" />
      ) : (
        <path
          d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          fill="none"
        />
      )}
    </svg>
  );
}
