'use client';

/** The code's alphabet (no 0/O/1/I), laid out for a finger on a kiosk screen. */
const keys = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('');

export function CodeKeypad({
  labels,
  onKey,
}: {
  labels: { backspace: string; clear: string };
  onKey: (key: string) => void;
}) {
  return (
    <div className="keypad" data-testid="check-in-keypad">
      {keys.map((k) => (
        <button key={k} type="button" className="keypad-key" data-key={k} onClick={() => onKey(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="keypad-key keypad-wide" onClick={() => onKey('clear')}>
        {labels.clear}
      </button>
      <button type="button" className="keypad-key keypad-wide" onClick={() => onKey('back')}>
        ⌫ {labels.backspace}
      </button>
    </div>
  );
}
