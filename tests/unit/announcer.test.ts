import { describe, expect, it } from 'vitest';
import {
  Announcer,
  type AnnouncerOptions,
  type CallToAnnounce,
  type SpeakOutcome,
  announcementText,
  callOfEvent,
  isFresh,
  spokenCounter,
  spokenTicket,
} from '../../components/display/announcer';

const template = '请 {number} 号到 {counter} 号窗口办理';
const t0 = Date.parse('2026-03-02T02:00:00.000Z');

describe('reading a ticket', () => {
  it('reads the digits one by one in Mandarin, letters as letters', () => {
    expect(spokenTicket('A023')).toBe('A 零 二 三');
    expect(spokenTicket('B100')).toBe('B 一 零 零');
    expect(spokenTicket('J7')).toBe('J 七');
    expect(spokenTicket('c0456')).toBe('C 零 四 五 六');
    expect(spokenTicket(' K 009 ')).toBe('K 零 零 九');
    expect(spokenTicket('1234567890')).toBe('一 二 三 四 五 六 七 八 九 零');
  });

  it('reads the counter as a whole number', () => {
    expect(spokenCounter(5)).toBe('5');
    expect(spokenCounter(12)).toBe('12');
  });

  it('fills the hall template', () => {
    expect(announcementText(template, 'A023', 5)).toBe('请 A 零 二 三 号到 5 号窗口办理');
    expect(announcementText('{number}号，请到{counter}号窗口', 'C101', 12)).toBe('C 一 零 一号，请到12号窗口');
    // An unknown placeholder stays as written, so a typo shows up in review instead of vanishing.
    expect(announcementText('请 {number} 到 {window}', 'A001', 1)).toBe('请 A 零 零 一 到 {window}');
    expect(announcementText('请 {number} 号，{number} 号', 'A001', 1)).toBe('请 A 零 零 一 号，A 零 零 一 号');
  });
});

describe('which events are announced', () => {
  const event = (type: string, data: Record<string, unknown>) => ({ seq: 7, type, at: new Date(t0).toISOString(), data });

  it('calls and recalls, with a number and a counter', () => {
    expect(callOfEvent(event('ticket.called', { number: 'A001', counterNumber: 3 }))).toEqual({
      key: 7,
      number: 'A001',
      counterNumber: 3,
      at: new Date(t0).toISOString(),
    });
    expect(callOfEvent(event('ticket.recalled', { number: 'A001', counterNumber: 3, recallCount: 1 }))?.number).toBe('A001');
    expect(callOfEvent(event('ticket.called', { number: 'A001', counterNumber: 3, returned: true }))?.key).toBe(7);
  });

  it('nothing else', () => {
    for (const type of ['ticket.issued', 'ticket.started', 'ticket.completed', 'ticket.no_show', 'counter.updated']) {
      expect(callOfEvent(event(type, { number: 'A001', counterNumber: 3 }))).toBeNull();
    }
    expect(callOfEvent(event('ticket.called', { number: '', counterNumber: 3 }))).toBeNull();
    expect(callOfEvent(event('ticket.called', { number: 'A001' }))).toBeNull();
    expect(callOfEvent(event('ticket.called', { number: 'A001', counterNumber: '3' }))).toBeNull();
  });

  it('a call is fresh for 60 s by the server clock', () => {
    const at = new Date(t0).toISOString();
    expect(isFresh(at, t0)).toBe(true);
    expect(isFresh(at, t0 + 60_000)).toBe(true);
    expect(isFresh(at, t0 + 60_001)).toBe(false);
    expect(isFresh(at, t0 - 5_000)).toBe(true);
    expect(isFresh('not a date', t0)).toBe(false);
  });
});

interface Log {
  entries: string[];
  speaking: number;
  overlaps: number;
}

/** A speech engine that takes `ms` per utterance and records what it was asked, in order. */
function fakeSpeech(log: Log, options: { ms?: number; voice?: boolean; outcome?: SpeakOutcome } = {}) {
  return {
    hasVoice: () => options.voice ?? true,
    speak: (text: string) =>
      new Promise<SpeakOutcome>((resolve) => {
        if (log.speaking > 0) log.overlaps++;
        log.speaking++;
        log.entries.push(`start ${text}`);
        setTimeout(() => {
          log.speaking--;
          log.entries.push(`end ${text}`);
          resolve(options.outcome ?? 'spoken');
        }, options.ms ?? 5);
      }),
  };
}

function setup(overrides: Partial<AnnouncerOptions> & { speechOptions?: Parameters<typeof fakeSpeech>[1] } = {}) {
  const log: Log = { entries: [], speaking: 0, overlaps: 0 };
  let now = t0;
  const announcer = new Announcer({
    speech: fakeSpeech(log, overrides.speechOptions),
    chime: () => {
      log.entries.push('chime');
      return Promise.resolve();
    },
    now: () => now,
    settings: () => ({ template, repeat: 2 }),
    wait: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2))),
    ...overrides,
  });
  const idle = async () => {
    await expect.poll(() => announcer.busy || announcer.pending > 0, { timeout: 5_000, interval: 5 }).toBe(false);
  };
  return { log, announcer, idle, setNow: (ms: number) => (now = ms) };
}

const call = (key: number, number: string, counterNumber: number, at = t0): CallToAnnounce => ({
  key,
  number,
  counterNumber,
  at: new Date(at).toISOString(),
});

describe('the announcement queue', () => {
  it('chimes, then speaks the sentence as many times as the hall says', async () => {
    const { log, announcer, idle } = setup();
    expect(announcer.enqueue(call(1, 'A023', 5))).toBe('queued');
    await idle();
    const s = '请 A 零 二 三 号到 5 号窗口办理';
    expect(log.entries).toEqual(['chime', `start ${s}`, `end ${s}`, `start ${s}`, `end ${s}`]);
  });

  it('announces calls in the order they came, one at a time, never overlapping', async () => {
    const { log, announcer, idle } = setup({ speechOptions: { ms: 15 } });
    announcer.enqueue(call(1, 'A001', 2));
    announcer.enqueue(call(2, 'D001', 3));
    announcer.enqueue(call(3, 'A001', 2)); // a recall: a new event, announced again
    await idle();
    expect(log.overlaps).toBe(0);
    const starts = log.entries.filter((e) => e.startsWith('start'));
    expect(starts).toEqual([
      'start 请 A 零 零 一 号到 2 号窗口办理',
      'start 请 A 零 零 一 号到 2 号窗口办理',
      'start 请 D 零 零 一 号到 3 号窗口办理',
      'start 请 D 零 零 一 号到 3 号窗口办理',
      'start 请 A 零 零 一 号到 2 号窗口办理',
      'start 请 A 零 零 一 号到 2 号窗口办理',
    ]);
    // Every utterance ends before the next begins.
    const speech = log.entries.filter((e) => e !== 'chime');
    for (let i = 0; i < speech.length; i += 2) {
      expect(speech[i]?.startsWith('start')).toBe(true);
      expect(speech[i + 1]).toBe(`end ${speech[i]?.slice(6)}`);
    }
    expect(log.entries.filter((e) => e === 'chime')).toHaveLength(3);
  });

  it('a call that arrives while another is spoken waits for it', async () => {
    const { log, announcer, idle } = setup({ speechOptions: { ms: 20 } });
    announcer.enqueue(call(1, 'A001', 2));
    await expect.poll(() => log.entries.length, { interval: 1 }).toBeGreaterThan(1);
    announcer.enqueue(call(2, 'B002', 4));
    await idle();
    expect(log.overlaps).toBe(0);
    expect(log.entries.indexOf('start 请 B 零 零 二 号到 4 号窗口办理')).toBeGreaterThan(
      log.entries.lastIndexOf('end 请 A 零 零 一 号到 2 号窗口办理'),
    );
  });

  it('skips calls older than 60 s (a screen catching up after a reconnect) and events seen before', async () => {
    const { log, announcer, idle } = setup();
    expect(announcer.enqueue(call(1, 'A001', 2, t0 - 61_000))).toBe('stale');
    expect(announcer.enqueue(call(2, 'A002', 2, t0 - 59_000))).toBe('queued');
    expect(announcer.enqueue(call(2, 'A002', 2, t0))).toBe('duplicate');
    expect(announcer.enqueue(call(1, 'A001', 2, t0))).toBe('duplicate');
    await idle();
    expect(log.entries.filter((e) => e.startsWith('start'))).toEqual([
      'start 请 A 零 零 二 号到 2 号窗口办理',
      'start 请 A 零 零 二 号到 2 号窗口办理',
    ]);
  });

  it('judges age by the server clock it is given, not the screen clock', () => {
    const { announcer, setNow } = setup();
    setNow(t0 + 10 * 60_000);
    expect(announcer.enqueue(call(1, 'A001', 2))).toBe('stale');
    setNow(t0 - 10 * 60_000);
    expect(announcer.enqueue(call(2, 'A002', 2))).toBe('queued');
  });

  it('without a Mandarin voice, only the chime plays', async () => {
    const { log, announcer, idle } = setup({ speechOptions: { voice: false } });
    announcer.enqueue(call(1, 'A001', 2));
    announcer.enqueue(call(2, 'A002', 3));
    await idle();
    expect(log.entries).toEqual(['chime', 'chime']);

    const silent = setup({ speech: null });
    silent.announcer.enqueue(call(1, 'A001', 2));
    await silent.idle();
    expect(silent.log.entries).toEqual(['chime']);
  });

  it('uses the hall settings of the moment, and bounds the repeat count', async () => {
    let settings = { template: '{number} 请到 {counter} 号', repeat: 1 };
    const { log, announcer, idle } = setup({ settings: () => settings });
    announcer.enqueue(call(1, 'A001', 2));
    await idle();
    settings = { template, repeat: 99 };
    announcer.enqueue(call(2, 'A002', 2));
    await idle();
    const starts = log.entries.filter((e) => e.startsWith('start'));
    expect(starts[0]).toBe('start A 零 零 一 请到 2 号');
    expect(starts.slice(1)).toHaveLength(5);
  });

  it('stops repeating when the browser blocks speech, and says so', async () => {
    let blocked = 0;
    const { log, announcer, idle } = setup({ speechOptions: { outcome: 'blocked' }, onBlocked: () => blocked++ });
    announcer.enqueue(call(1, 'A001', 2));
    await idle();
    expect(blocked).toBe(1);
    expect(log.entries.filter((e) => e.startsWith('start'))).toHaveLength(1);
  });

  it('muted: nothing is queued, and what waited is dropped', async () => {
    const { log, announcer, idle } = setup({ speechOptions: { ms: 20 } });
    announcer.enqueue(call(1, 'A001', 2));
    announcer.enqueue(call(2, 'A002', 2));
    announcer.setEnabled(false);
    expect(announcer.enqueue(call(3, 'A003', 2))).toBe('muted');
    await idle();
    expect(log.entries.some((e) => e.includes('A 零 零 二') || e.includes('A 零 零 三'))).toBe(false);
    announcer.setEnabled(true);
    expect(announcer.enqueue(call(4, 'A004', 2))).toBe('queued');
  });

  it('a chime or speech engine that throws does not stop the queue', async () => {
    const log: string[] = [];
    const announcer = new Announcer({
      speech: {
        hasVoice: () => true,
        speak: (text) => {
          log.push(text);
          return text.includes('一') ? Promise.reject(new Error('engine died')) : Promise.resolve('spoken');
        },
      },
      chime: () => Promise.reject(new Error('no audio')),
      now: () => t0,
      settings: () => ({ template, repeat: 1 }),
      wait: () => Promise.resolve(),
    });
    announcer.enqueue(call(1, 'A001', 2));
    announcer.enqueue(call(2, 'A002', 2));
    await expect.poll(() => log.length).toBe(2);
  });
});
