/**
 * The console's keyboard map. Letters are matched by physical key (`event.code`), so
 * they work the same with Caps Lock on or a Chinese input method switched to letters.
 */
export type ShortcutAction =
  | 'callNext'
  | 'recall'
  | 'start'
  | 'complete'
  | 'noShow'
  | 'park'
  | 'transfer'
  | 'pauseResume'
  | 'open'
  | 'help'
  | 'conditional'
  | 'conditionalPanel'
  | 'up'
  | 'down'
  | 'enter'
  | 'escape';

const byCode: Record<string, ShortcutAction> = {
  F1: 'callNext',
  Space: 'callNext',
  KeyR: 'recall',
  KeyS: 'start',
  KeyC: 'complete',
  KeyN: 'noShow',
  KeyP: 'park',
  KeyT: 'transfer',
  KeyZ: 'pauseResume',
  KeyO: 'open',
  KeyA: 'conditional',
  KeyD: 'conditionalPanel',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Enter: 'enter',
  NumpadEnter: 'enter',
  Escape: 'escape',
};

/** What the buttons and the help show for each action (key names come from the catalog). */
export const keyHints = {
  callNext: ['F1', 'space'],
  recall: ['R'],
  start: ['S'],
  complete: ['C'],
  noShow: ['N'],
  park: ['P'],
  transfer: ['T'],
  pauseResume: ['Z'],
  open: ['O'],
  conditional: ['A'],
  conditionalPanel: ['D'],
  help: ['?'],
  select: ['up', 'down'],
  enter: ['enter'],
  escape: ['esc'],
} as const;

export type KeyName = (typeof keyHints)[keyof typeof keyHints][number];

export function shortcutOf(event: KeyboardEvent): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === '?' || (event.code === 'Slash' && event.shiftKey)) return 'help';
  return byCode[event.code] ?? null;
}

/** Typing in a field never triggers a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

/** Space and Enter on a focused control keep their own meaning (press that control). */
export function isPressable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.closest('button, a[href], summary, input, [role="button"], [role="option"]') !== null;
}
