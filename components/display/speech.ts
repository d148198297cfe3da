import type { SpeakOutcome, SpeechPort } from './announcer';

/**
 * The browser's side of the hall voice: the Web Speech API for Mandarin and a Web Audio
 * chime. Both work offline; neither needs a file.
 */

/** Mainland Mandarin first, then other Mandarin voices; never Cantonese (zh-HK, yue). */
export function chineseVoice(voices: readonly SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
  const lang = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  const rank = (v: SpeechSynthesisVoice): number => {
    const l = lang(v);
    if (l === 'zh-cn' || l === 'cmn-cn' || l === 'zh-hans-cn' || l === 'cmn-hans-cn') return 0;
    if (l === 'zh' || l === 'cmn' || l.startsWith('zh-hans') || l.startsWith('cmn')) return 1;
    if (l === 'zh-tw' || l.startsWith('zh-hant-tw')) return 2;
    return -1;
  };
  let best: SpeechSynthesisVoice | null = null;
  let bestRank = Infinity;
  for (const voice of voices) {
    const r = rank(voice);
    if (r >= 0 && (r < bestRank || (r === bestRank && voice.localService && !best?.localService))) {
      best = voice;
      bestRank = r;
    }
  }
  return best;
}

export function browserSpeech(): SpeechPort | null {
  if (typeof window === 'undefined' || !('speechSynthesis' in window) || typeof SpeechSynthesisUtterance === 'undefined') {
    return null;
  }
  const synth = window.speechSynthesis;
  let voice: SpeechSynthesisVoice | null = null;
  const pick = () => {
    voice = chineseVoice(synth.getVoices());
  };
  pick();
  // Voices arrive asynchronously in Chromium; the list may also change while the TV runs.
  if (typeof synth.addEventListener === 'function') synth.addEventListener('voiceschanged', pick);

  return {
    hasVoice: () => {
      if (!voice) pick();
      return voice !== null;
    },
    speak: (text) =>
      new Promise<SpeakOutcome>((resolve) => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = voice?.lang ?? 'zh-CN';
        if (voice) utterance.voice = voice;
        utterance.rate = 0.9;
        utterance.volume = 1;
        let settled = false;
        const finish = (outcome: SpeakOutcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(guard);
          resolve(outcome);
        };
        utterance.onend = () => finish('spoken');
        utterance.onerror = (event) => finish(event.error === 'not-allowed' ? 'blocked' : 'failed');
        // Some engines never fire `end`; one lost event must not silence the hall for good.
        // The engine queues utterances itself, so even then two calls do not talk over each other.
        const guard = setTimeout(() => finish('failed'), 4_000 + text.length * 500);
        synth.speak(utterance);
      }),
  };
}

/**
 * A two-note "ding-dong" from two sine oscillators. Browsers keep audio suspended until
 * the page is tapped; the chime then stays silent but still takes its time, so the
 * rhythm of the announcements does not change.
 */
export function createChime(getContext: () => AudioContext | null, durationMs = 1_100): () => Promise<void> {
  return () => {
    const ctx = getContext();
    if (ctx && ctx.state === 'running') {
      const start = ctx.currentTime + 0.02;
      const notes: Array<[number, number]> = [
        [659.25, 0], // E5
        [523.25, 0.45], // C5
      ];
      for (const [frequency, offset] of notes) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = frequency;
        const t = start + offset;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.35, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.6);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t);
        osc.stop(t + 0.65);
      }
    }
    return new Promise((resolve) => setTimeout(resolve, durationMs));
  };
}

/** One AudioContext per page, created (or resumed) on the tap that allows sound. */
export function audioContextHolder() {
  let ctx: AudioContext | null = null;
  return {
    get: () => ctx,
    unlock: () => {
      if (typeof window === 'undefined' || typeof AudioContext === 'undefined') return;
      ctx ??= new AudioContext();
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    },
  };
}
