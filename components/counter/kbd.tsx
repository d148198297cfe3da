'use client';

import { useMessages } from '../i18n';
import type { KeyName } from './shortcuts';

/** Key caps for a shortcut, e.g. [F1] / [空格]; hidden from screen readers, which get aria-keyshortcuts. */
export function Kbd({ keys }: { keys: readonly KeyName[] }) {
  const t = useMessages();
  const names: Record<string, string> = t.counter.keys;
  return (
    <span className="kbd-group" aria-hidden="true">
      {keys.map((key) => (
        <kbd key={key} className="kbd">
          {names[key] ?? key}
        </kbd>
      ))}
    </span>
  );
}

/** The same keys in the form aria-keyshortcuts expects. */
export function ariaKeys(keys: readonly KeyName[]): string {
  const aria: Record<string, string> = { space: 'Space', enter: 'Enter', esc: 'Escape', up: 'ArrowUp', down: 'ArrowDown', '?': 'Shift+?' };
  return keys.map((key) => aria[key] ?? key).join(' ');
}
