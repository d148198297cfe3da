import type { BrowserContext, Page } from '@playwright/test';

/** What the stubbed synthesizer was asked to say, with when each utterance started and ended. */
export interface SpokenEntry {
  text: string;
  lang: string;
  start: number;
  end: number | null;
}

export interface SpeechStubOptions {
  /** Voices the stub reports; default one Mandarin voice. `[]` is a TV without one. */
  voices?: Array<{ name: string; lang: string }>;
  /** How long one utterance "takes" in ms. */
  utteranceMs?: number;
  /** The remembered voice choice on this device; 'unset' leaves the prompt to show. */
  voiceChoice?: 'on' | 'off' | 'unset';
}

declare global {
  interface Window {
    __spoken?: SpokenEntry[];
    /** When each oscillator (a note of the chime) was started, ms since epoch. */
    __chimes?: number[];
  }
}

/**
 * Replaces window.speechSynthesis and SpeechSynthesisUtterance before any page script
 * runs. Every utterance is recorded; `end` fires asynchronously after `utteranceMs`, as a
 * real engine's would, so a caller that does not wait for it shows up as an overlap.
 * Oscillators started (the chime's notes) are logged in window.__chimes.
 */
export async function installSpeechStub(target: BrowserContext | Page, options: SpeechStubOptions = {}) {
  await target.addInitScript(
    ({ voices, utteranceMs, voiceChoice }) => {
      if (voiceChoice === 'unset') window.localStorage.removeItem('hallboard.display.voice');
      else window.localStorage.setItem('hallboard.display.voice', voiceChoice);

      const spoken: SpokenEntry[] = [];
      window.__spoken = spoken;
      const chimes: number[] = [];
      window.__chimes = chimes;

      class StubUtterance extends EventTarget {
        text: string;
        lang = '';
        voice: unknown = null;
        rate = 1;
        pitch = 1;
        volume = 1;
        onstart: ((e: Event) => void) | null = null;
        onend: ((e: Event) => void) | null = null;
        onerror: ((e: Event) => void) | null = null;
        constructor(text?: string) {
          super();
          this.text = text ?? '';
        }
      }

      const stubVoices = voices.map((v) => ({ ...v, default: false, localService: true, voiceURI: `stub:${v.name}` }));
      const synth = {
        speaking: false,
        pending: false,
        paused: false,
        onvoiceschanged: null,
        getVoices: () => stubVoices,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        speak(utterance: StubUtterance) {
          const entry: SpokenEntry = { text: utterance.text, lang: utterance.lang, start: Date.now(), end: null };
          spoken.push(entry);
          synth.speaking = true;
          setTimeout(() => utterance.onstart?.(new Event('start')), 0);
          setTimeout(() => {
            entry.end = Date.now();
            synth.speaking = false;
            utterance.onend?.(new Event('end'));
          }, utteranceMs);
        },
        cancel: () => undefined,
        pause: () => undefined,
        resume: () => undefined,
      };
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: StubUtterance, configurable: true, writable: true });

      // start() is inherited from AudioScheduledSourceNode; the chime's notes are oscillators.
      const start: (this: OscillatorNode, when?: number) => void = Reflect.get(AudioScheduledSourceNode.prototype, 'start');
      OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
        chimes.push(Date.now());
        start.call(this, when);
      };
    },
    {
      voices: options.voices ?? [{ name: 'Stub Mandarin', lang: 'zh-CN' }],
      utteranceMs: options.utteranceMs ?? 150,
      voiceChoice: options.voiceChoice ?? 'on',
    },
  );
}

export async function spokenOn(page: Page): Promise<SpokenEntry[]> {
  return page.evaluate(() => window.__spoken ?? []);
}

/** True when every utterance started only after the previous one had ended. */
export function withoutOverlap(entries: readonly SpokenEntry[]): boolean {
  return entries.every((e, i) => {
    const before = entries[i - 1];
    return !before || (before.end !== null && e.start >= before.end);
  });
}

export async function chimesOn(page: Page): Promise<number[]> {
  return page.evaluate(() => window.__chimes ?? []);
}
