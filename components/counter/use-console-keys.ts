'use client';

import { useEffect, useRef } from 'react';
import { type ShortcutAction, isPressable, isTyping, shortcutOf } from './shortcuts';

/**
 * Listens for the console's shortcuts on the whole page while `enabled` (no dialog is
 * open). A key held down auto-repeats; only its first press counts, so holding F1
 * cannot call twice. A key that is a shortcut never also types or scrolls.
 */
export function useConsoleKeys(enabled: boolean, onShortcut: (action: ShortcutAction) => void) {
  const handler = useRef(onShortcut);
  const active = useRef(enabled);
  useEffect(() => {
    handler.current = onShortcut;
    active.current = enabled;
  });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!active.current || event.defaultPrevented || event.isComposing) return;
      if (isTyping(event.target)) return;
      const action = shortcutOf(event);
      if (!action) return;
      if ((event.code === 'Space' || action === 'enter') && isPressable(event.target)) return;
      event.preventDefault();
      if (event.repeat) return;
      handler.current(action);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
