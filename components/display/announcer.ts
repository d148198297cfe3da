/**
 * The hall TV's voice: a queue of calls, each a chime and then the hall's sentence spoken
 * a set number of times, one call after the other and never two at once. Framework-free,
 * so the rules below are tested without a browser; the browser parts (speech, chime)
 * come in as ports (components/display/speech.ts).
 */

/** Mandarin digits, read one by one as halls read ticket numbers: A023 → "A 零 二 三". */
const digitWords = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

export function spokenTicket(number: string): string {
  return [...number.trim()]
    .filter((ch) => ch.trim() !== '')
    .map((ch) => (ch >= '0' && ch <= '9' ? digitWords[ch.charCodeAt(0) - 48] : ch.toUpperCase()))
    .join(' ');
}

/**
 * A counter is read as a whole number ("5 号窗口", "12 号窗口"), which the speech engine
 * already does for Arabic digits followed by 号.
 */
export function spokenCounter(counterNumber: number): string {
  return String(counterNumber);
}

/** The hall's template with the ticket spelled out: "请 A 零 二 三 号到 5 号窗口办理". */
export function announcementText(template: string, number: string, counterNumber: number): string {
  const values: Record<string, string> = { number: spokenTicket(number), counter: spokenCounter(counterNumber) };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

export interface CallToAnnounce {
  /** The event's seq: the same event is never announced twice. */
  key: number;
  number: string;
  counterNumber: number;
  /** When the call happened, by the server's clock (ISO 8601). */
  at: string;
}

/** A hall event as the stream delivers it; only calls and recalls are spoken. */
export interface AnnounceableEvent {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export function callOfEvent(event: AnnounceableEvent): CallToAnnounce | null {
  if (event.type !== 'ticket.called' && event.type !== 'ticket.recalled') return null;
  const { number, counterNumber } = event.data;
  if (typeof number !== 'string' || number === '' || typeof counterNumber !== 'number') return null;
  return { key: event.seq, number, counterNumber, at: event.at };
}

/** Calls older than this are history, not news: a screen catching up after a reconnect stays quiet. */
export const maxCallAgeMs = 60_000;

/** Whether a call is recent enough to announce; a call "from the future" (clock skew) is recent. */
export function isFresh(at: string, now: number, maxAgeMs = maxCallAgeMs): boolean {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return false;
  return now - time <= maxAgeMs;
}

export type SpeakOutcome = 'spoken' | 'blocked' | 'failed';

/** The speech engine: one utterance at a time, resolved when it has finished (or failed). */
export interface SpeechPort {
  /** Whether a Mandarin voice is available now (voices load late in some browsers). */
  hasVoice: () => boolean;
  speak: (text: string) => Promise<SpeakOutcome>;
}

export interface VoiceSettings {
  template: string;
  repeat: number;
}

export interface AnnouncerOptions {
  speech: SpeechPort | null;
  chime: () => Promise<void>;
  /** The server's time now (ms), as well as the screen can tell. */
  now: () => number;
  settings: () => VoiceSettings;
  wait?: (ms: number) => Promise<void>;
  maxAgeMs?: number;
  /** Silence between two readings of the same call, and after a call before the next. */
  repeatGapMs?: number;
  callGapMs?: number;
  /** The browser refused to speak (no tap yet on this page). */
  onBlocked?: () => void;
  /** Told when a call starts and stops being announced (the screen may highlight it). */
  onAnnouncing?: (call: CallToAnnounce | null) => void;
}

export type EnqueueResult = 'queued' | 'stale' | 'duplicate' | 'muted';

/** Most readings per call, whatever the settings say: a typo must not hold the hall's voice. */
const maxRepeat = 5;
const rememberedKeys = 200;

export class Announcer {
  private readonly queue: CallToAnnounce[] = [];
  private readonly seen = new Set<number>();
  private running = false;
  private enabled = true;
  private stopped = false;

  constructor(private readonly options: AnnouncerOptions) {}

  /** Queues a call; calls are announced in the order they were queued. */
  enqueue(call: CallToAnnounce): EnqueueResult {
    if (this.seen.has(call.key)) return 'duplicate';
    this.remember(call.key);
    if (!isFresh(call.at, this.options.now(), this.options.maxAgeMs ?? maxCallAgeMs)) return 'stale';
    if (!this.enabled || this.stopped) return 'muted';
    this.queue.push(call);
    if (!this.running) void this.run();
    return 'queued';
  }

  /** Voice off drops what is waiting; voice on applies to the next call. */
  setEnabled(enabled: boolean) {
    this.enabled = enabled;
    if (!enabled) this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.running;
  }

  stop() {
    this.stopped = true;
    this.queue.length = 0;
  }

  private remember(key: number) {
    this.seen.add(key);
    if (this.seen.size > rememberedKeys) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
  }

  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return this.options.wait ? this.options.wait(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async run() {
    this.running = true;
    try {
      let call = this.queue.shift();
      while (call && !this.stopped) {
        await this.announce(call);
        if (this.queue.length > 0) await this.wait(this.options.callGapMs ?? 800);
        call = this.queue.shift();
      }
    } finally {
      this.running = false;
    }
  }

  private async announce(call: CallToAnnounce) {
    const { template, repeat } = this.options.settings();
    const times = Math.max(0, Math.min(maxRepeat, Math.floor(repeat)));
    this.options.onAnnouncing?.(call);
    try {
      await this.options.chime().catch(() => undefined);
      const speech = this.options.speech;
      // No Mandarin voice (an offline TV without one): the chime alone, never a foreign voice.
      if (!speech || !speech.hasVoice()) return;
      const text = announcementText(template, call.number, call.counterNumber);
      for (let i = 0; i < times && !this.stopped && this.enabled; i++) {
        if (i > 0) await this.wait(this.options.repeatGapMs ?? 700);
        const outcome = await speech.speak(text).catch((): SpeakOutcome => 'failed');
        if (outcome === 'blocked') {
          this.options.onBlocked?.();
          return;
        }
      }
    } finally {
      this.options.onAnnouncing?.(null);
    }
  }
}
