'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { HallEvent } from '@/server/contracts/realtime';
import { Announcer, type VoiceSettings, callOfEvent } from './announcer';
import { audioContextHolder, browserSpeech, createChime } from './speech';

/** 'unset' until someone at this screen has answered the prompt once. */
export type VoiceChoice = 'unset' | 'on' | 'off';

export const voiceStorageKey = 'hallboard.display.voice';

function readChoice(): VoiceChoice {
  try {
    const value = window.localStorage.getItem(voiceStorageKey);
    return value === 'on' || value === 'off' ? value : 'unset';
  } catch {
    return 'unset';
  }
}

function writeChoice(choice: 'on' | 'off') {
  try {
    window.localStorage.setItem(voiceStorageKey, choice);
  } catch {
    // Storage refused (a locked-down kiosk profile): the choice holds until the page reloads.
  }
}

export interface Voice {
  /** null before the page knows (server render and first paint). */
  choice: VoiceChoice | null;
  /** Speech was refused: this page has not been tapped since it loaded. */
  blocked: boolean;
  announce: (event: HallEvent) => void;
  choose: (choice: 'on' | 'off') => void;
  /** Show the prompt again (a tap on the voice indicator). */
  ask: () => void;
}

/**
 * The hall TV's voice: announces each call event through the Announcer queue once
 * someone at the screen has allowed it. `serverNow` gives the server's time, so the
 * 60-second rule holds on a TV whose own clock is wrong.
 */
export function useVoice(settings: VoiceSettings, serverNow: () => number): Voice {
  const [choice, setChoice] = useState<VoiceChoice | null>(null);
  const [blocked, setBlocked] = useState(false);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const nowRef = useRef(serverNow);
  nowRef.current = serverNow;
  const audio = useRef(audioContextHolder()).current;
  const announcer = useRef<Announcer | null>(null);

  useEffect(() => {
    const stored = readChoice();
    setChoice(stored);
    const created = new Announcer({
      speech: browserSpeech(),
      chime: createChime(audio.get),
      now: () => nowRef.current(),
      settings: () => settingsRef.current,
      onBlocked: () => setBlocked(true),
    });
    created.setEnabled(stored === 'on');
    if (stored === 'on') audio.unlock();
    announcer.current = created;
    // Any tap lets the browser play sound from then on.
    const onTap = () => {
      audio.unlock();
      setBlocked(false);
    };
    document.addEventListener('pointerdown', onTap);
    return () => {
      document.removeEventListener('pointerdown', onTap);
      created.stop();
      announcer.current = null;
    };
  }, [audio]);

  const announce = useCallback((event: HallEvent) => {
    const call = callOfEvent(event);
    if (call) announcer.current?.enqueue(call);
  }, []);

  const choose = useCallback(
    (next: 'on' | 'off') => {
      writeChoice(next);
      setChoice(next);
      setBlocked(false);
      announcer.current?.setEnabled(next === 'on');
      if (next === 'on') {
        audio.unlock();
        // The chime alone, at once: whoever tapped hears that the screen has a voice now.
        void createChime(audio.get)();
      }
    },
    [audio],
  );

  const ask = useCallback(() => setChoice('unset'), []);

  return { choice, blocked, announce, choose, ask };
}
