'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { format } from '@/lib/i18n';
import type { TicketView } from '@/server/contracts/api';
import { audioContextHolder, createChime } from '../display/speech';
import { useMessages } from '../i18n';

/** Where the ticket stands, as far as alerts go; `key` changes once per state worth an alert. */
export type AlertStage = 'far' | 'nearly' | 'called' | 'other';

export function alertStageOf(ticket: TicketView, nearlyAhead: number): { stage: AlertStage; key: string } {
  if (ticket.status === 'called') {
    // A recall keeps calledAt (same state, no new alert); a parked ticket called back gets a new one.
    return { stage: 'called', key: `called:${ticket.calledAt ?? ''}:${ticket.counterNumber ?? ''}` };
  }
  if (ticket.status === 'waiting') {
    const ahead = Math.max(0, (ticket.position ?? Number.POSITIVE_INFINITY) - 1);
    return ahead <= nearlyAhead ? { stage: 'nearly', key: 'nearly' } : { stage: 'far', key: 'far' };
  }
  return { stage: 'other', key: `other:${ticket.status}` };
}

export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

const storageKey = 'hallboard.ticket.alerts';

function notifyPermission(): NotifyPermission {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}

function readEnabled(): boolean {
  try {
    return window.localStorage.getItem(storageKey) === 'on';
  } catch {
    return false;
  }
}

export interface TicketAlerts {
  /** The citizen turned alerts on (remembered on this phone). */
  enabled: boolean;
  permission: NotifyPermission;
  canVibrate: boolean;
  /** From a tap: unlocks sound, asks for notifications, remembers the choice. */
  enable: () => void;
}

/**
 * "快到您了" and "请到 N 号窗口" on the citizen's phone: vibration, a chime, the page title
 * flashing and a system notification where allowed — once per change of state, never again
 * on every push. The state the page opens in is not announced (the citizen is looking at it).
 * Browsers let a page vibrate and sound only after a tap on it, hence "开启提醒"; after a
 * reload the first tap anywhere unlocks the sound again.
 */
export function useTicketAlerts(ticket: TicketView, nearlyAhead: number): TicketAlerts {
  const t = useMessages();
  const [enabled, setEnabled] = useState(false);
  const [permission, setPermission] = useState<NotifyPermission>('unsupported');
  const [canVibrate, setCanVibrate] = useState(false);
  const audio = useRef(audioContextHolder()).current;
  const chime = useRef(createChime(audio.get, 900)).current;
  const enabledRef = useRef(false);
  const lastKey = useRef<string | null>(null);
  const stopFlash = useRef<(() => void) | null>(null);

  useEffect(() => {
    const on = readEnabled();
    enabledRef.current = on;
    setEnabled(on);
    setPermission(notifyPermission());
    setCanVibrate(typeof navigator.vibrate === 'function');
    if (!on) return;
    const unlock = () => audio.unlock();
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [audio]);

  useEffect(() => () => stopFlash.current?.(), []);

  const enable = useCallback(() => {
    audio.unlock();
    enabledRef.current = true;
    setEnabled(true);
    try {
      window.localStorage.setItem(storageKey, 'on');
    } catch {
      // Storage refused (private mode in some in-app browsers): on until the page reloads.
    }
    void chime();
    if (notifyPermission() === 'default') {
      void Notification.requestPermission()
        .then((answer) => setPermission(answer))
        .catch(() => setPermission(notifyPermission()));
    }
  }, [audio, chime]);

  const { stage, key } = alertStageOf(ticket, nearlyAhead);
  const ahead = Math.max(0, (ticket.position ?? 1) - 1);
  const counter = ticket.counterNumber ?? '';

  useEffect(() => {
    const previous = lastKey.current;
    lastKey.current = key;
    if (previous === null || previous === key) return;
    if (stage !== 'nearly' && stage !== 'called') return;
    // Leaving "called" for "nearly" cannot happen without a rejoin; "far" → "nearly" and any new call alert.
    const called = stage === 'called';
    try {
      navigator.vibrate?.(called ? [400, 150, 400, 150, 400] : [200, 100, 200]);
    } catch {
      // Vibration refused (no tap yet, or the browser has none).
    }
    if (enabledRef.current) {
      void chime().then(() => (called ? chime() : undefined));
    }
    stopFlash.current?.();
    stopFlash.current = flashTitle(called ? format(t.ticketLive.alerts.flashCalled, { counter }) : t.ticketLive.alerts.flashNearly);
    if (notifyPermission() === 'granted') {
      const vars = { number: ticket.number, counter, n: ahead, service: ticket.serviceName };
      const a = t.ticketLive.alerts;
      try {
        new Notification(format(called ? a.notifyCalledTitle : a.notifyNearlyTitle, vars), {
          body: format(called ? a.notifyCalledBody : a.notifyNearlyBody, vars),
          tag: `hallboard-${ticket.number}-${stage}`,
          requireInteraction: called,
        });
      } catch {
        // Android Chrome allows notifications only from a service worker: the other alerts stand.
      }
    }
    // Only the state's key decides; the texts are read as they are at that moment.
  }, [key]);

  return { enabled, permission, canVibrate, enable };
}

/**
 * Alternates the page title with the alert until the citizen comes back to the page (a tap,
 * a key, or the tab shown again) or a minute has passed; then the title is restored.
 */
function flashTitle(alert: string): () => void {
  const original = document.title;
  let on = false;
  const timer = window.setInterval(() => {
    on = !on;
    document.title = on ? `${alert} ${original}` : original;
  }, 1_000);
  document.title = `${alert} ${original}`;
  on = true;
  const stopAt = window.setTimeout(() => stop(), 60_000);
  const onVisible = () => {
    if (document.visibilityState === 'visible' && document.hasFocus()) window.setTimeout(() => stop(), 5_000);
  };
  function stop() {
    window.clearInterval(timer);
    window.clearTimeout(stopAt);
    window.removeEventListener('pointerdown', stop);
    window.removeEventListener('keydown', stop);
    document.removeEventListener('visibilitychange', onVisible);
    document.title = original;
  }
  window.addEventListener('pointerdown', stop);
  window.addEventListener('keydown', stop);
  document.addEventListener('visibilitychange', onVisible);
  return stop;
}
