import type { createChime } from '../display/speech';
import type {
  AlertStage,
  LiveQueue,
  LiveTicket,
  alertStage,
  behindBeat,
  fill,
  hallClock,
  leftQueue,
  placeInQueue,
  queueShapeKey,
} from './ticket-rules';

/**
 * The ticket page's only script. The page is rendered on the server without React in the
 * browser (issue 5: ≤ 120 kB first load), so this is plain DOM code, serialised with
 * toString() into the page with its rules (ticket-rules.ts) passed in as `rules`: it must not
 * reference anything outside its body. Written in ES2017 (no ?. or ??) for older in-app
 * browsers.
 *
 * - Live: the /ticket namespace (socket.io.min.js, served by the Socket.IO server; the page polls
 *   the ticket's view every 15 s where that client cannot be loaded) pushes the
 *   visit's own view on each change of it, and its service's queue order on each queue
 *   change. A queue order only moves the numbers (people ahead, the wait, "快到您了"), which
 *   this script writes; a change of the ticket itself fetches the page again and swaps the
 *   `data-region`s whose markup changed, so everything else is rendered on the server alone
 *   and what the citizen is typing is never lost to a push.
 * - Alerts: "快到您了" and "请到 N 号窗口" vibrate, chime, flash the title and send a
 *   notification where allowed, once per change of state, never on the state the page opened in.
 * - Commands: the citizen's taps (`data-act`) post to the ticket's API with a fresh
 *   Idempotency-Key, then show the answer (`data-flash`, `data-error`) and refresh.
 */
export interface TicketIslandConfig {
  token: string;
  hall: string;
  /** Where the Socket.IO client is served (by the Socket.IO server itself). */
  socketClient: string;
  ticket: LiveTicket;
  nearlyAhead: number;
  text: {
    etaRange: string;
    etaZero: string;
    updatedAt: string;
    network: string;
    errors: Record<string, string>;
    /** A refusal's `reason` said whole in the reader's language ({minutes}, {limit}), as lib/api-errors does. */
    errorReasons: Record<string, string>;
    etaReason: Record<string, string>;
    nearlyBody: string;
    nearlyBodyNext: string;
    alerts: {
      on: string;
      onWith: string;
      ways: { sound: string; vibrate: string; notify: string };
      flashNearly: string;
      flashCalled: string;
      notifyNearlyTitle: string;
      notifyNearlyBody: string;
      notifyCalledTitle: string;
      notifyCalledBody: string;
    };
    serviceName: string;
    moreTimeDone: string;
    moreTimeRefused: string;
    rejoinRefused: string;
    ratingChoose: string;
    ratingThanks: string;
    ratingAlready: string;
    commentCount: string;
    scoreWords: string[];
    caseSent: string;
  };
}

export interface TicketIslandRules {
  createChime: typeof createChime;
  placeInQueue: typeof placeInQueue;
  alertStage: typeof alertStage;
  fill: typeof fill;
  hallClock: typeof hallClock;
  behindBeat: typeof behindBeat;
  leftQueue: typeof leftQueue;
  queueShapeKey: typeof queueShapeKey;
}

type Failure = { ok: false; code: string; message: string; reason?: string; details?: Record<string, unknown> };
type Answer = { ok: true; data: Record<string, unknown> } | Failure;

interface SocketLike {
  on(event: string, listener: (payload: never) => void): void;
  io: { on(event: string, listener: () => void): void };
  active: boolean;
  connect(): void;
}

export function ticketIsland(config: TicketIslandConfig, rules: TicketIslandRules): void {
  const text = config.text;
  const root = document.getElementById('ticket');
  if (!root) return;
  const page: HTMLElement = root;
  const api = '/api/v1/tickets/' + encodeURIComponent(config.token) + '/';
  const find = function (selector: string, within?: Element | null): HTMLElement | null {
    return (within || page).querySelector<HTMLElement>(selector);
  };
  const show = function (el: Element | null, visible: boolean) {
    if (el) (el as HTMLElement).hidden = !visible;
  };

  // ------------------------------------------------------------------ state
  /** The server's last word on the ticket (initial render, a push, a command's answer). */
  let ticket: LiveTicket = config.ticket;
  /** The service's queue order received since then, which moves the ticket's place. */
  let queue: LiveQueue | null = null;
  let queueAt = 0;
  const current = function (): LiveTicket {
    return rules.placeInQueue(ticket, queue);
  };

  // ------------------------------------------------------------------ regions
  /** Each region's markup as the server last sent it: a region is swapped only when that changes. */
  const served: Record<string, string> = {};
  page.querySelectorAll('[data-region]').forEach(function (el) {
    served[el.getAttribute('data-region') || ''] = el.innerHTML;
  });

  let refreshing = false;
  let refreshAgain = false;
  const refresh = async function (): Promise<void> {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    const started = Date.now();
    try {
      const response = await fetch(location.pathname, { headers: { accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' });
      if (response.ok) {
        const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
        doc.querySelectorAll('#ticket [data-region]').forEach(function (fresh) {
          const name = fresh.getAttribute('data-region') || '';
          const markup = fresh.innerHTML;
          if (served[name] === markup && !fresh.hasAttribute('data-live')) return;
          served[name] = markup;
          const live = find('[data-region="' + name + '"]');
          if (live) live.innerHTML = markup;
        });
        // A queue order that arrived while the page was fetched is newer than the page.
        if (queueAt < started) queue = null;
        afterRender();
      }
    } catch {
      // Offline: the socket's reconnect asks again.
    }
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      void refresh();
    }
  };

  let rejoinTimer = 0;
  const afterRender = function () {
    renderAlerts();
    applyQueue();
    window.clearTimeout(rejoinTimer);
    const deadline = find('[data-refresh-at]');
    if (deadline) {
      // At the rejoin deadline the page asks the server again, whose clock decides.
      const ms = new Date(deadline.getAttribute('data-refresh-at') || '').getTime() - Date.now() + 1000;
      if (ms === ms) rejoinTimer = window.setTimeout(function () {
        void refresh();
      }, Math.max(1000, Math.min(ms, 2147000000)));
    }
  };

  // ------------------------------------------------------------------ queue numbers
  const etaText = function (eta: LiveTicket['etaMinutes']): string {
    if (!eta) return '—';
    return eta.high === 0 ? text.etaZero : rules.fill(text.etaRange, { low: eta.low, high: eta.high });
  };
  /** People ahead, the wait and "快到您了" from the latest queue order (the page's own until one arrives). */
  const applyQueue = function () {
    const now = current();
    if (!queue || now.status !== 'waiting' || now.position === null) return;
    const ahead = Math.max(0, now.position - 1);
    const aheadEl = find('[data-testid="ticket-ahead"]');
    if (aheadEl) aheadEl.textContent = String(ahead);
    const etaEl = find('[data-testid="ticket-eta"]');
    if (etaEl) etaEl.textContent = etaText(now.etaMinutes);
    const reasons = find('[data-eta-reasons]');
    if (reasons) {
      reasons.textContent = '';
      now.etaReasons.forEach(function (reason) {
        const li = document.createElement('li');
        li.textContent = text.etaReason[reason] || reason;
        reasons.appendChild(li);
      });
      show(reasons, now.etaReasons.length > 0);
    }
    const region = find('[data-region="nearly"]');
    const template = find('template[data-template="nearly"]') as HTMLTemplateElement | null;
    if (!region) return;
    let banner = find('.nearly-banner', region);
    if (rules.alertStage(now, config.nearlyAhead).stage === 'nearly') {
      if (!banner && template) {
        region.appendChild(template.content.cloneNode(true));
        banner = find('.nearly-banner', region);
      }
      const words = find('[data-nearly-text]', banner);
      if (words) words.textContent = ahead === 0 ? text.nearlyBodyNext : rules.fill(text.nearlyBody, { n: ahead });
    } else if (banner) {
      region.textContent = '';
    }
  };

  // ------------------------------------------------------------------ connection line
  const stamp = function () {
    const updated = find('[data-updated]');
    if (updated) updated.textContent = rules.fill(text.updatedAt, { time: rules.hallClock(Date.now()).seconds });
  };
  const online = function (on: boolean) {
    page.querySelectorAll('[data-offline]').forEach(function (el) {
      show(el, !on);
    });
    page.classList.toggle('is-offline', !on);
  };

  // ------------------------------------------------------------------ alerts
  const storageKey = 'hallboard.ticket.alerts';
  let alertsOn = false;
  try {
    alertsOn = window.localStorage.getItem(storageKey) === 'on';
  } catch {
    // Storage refused (private mode in some in-app browsers).
  }
  const permission = function (): string {
    return 'Notification' in window ? Notification.permission : 'unsupported';
  };
  const canVibrate = typeof navigator.vibrate === 'function';
  let audio: AudioContext | null = null;
  const unlockAudio = function () {
    const Ctx = window.AudioContext;
    if (!Ctx) return;
    if (!audio) audio = new Ctx();
    if (audio.state === 'suspended') audio.resume().catch(function () {});
  };
  /** Two falling notes, as on the hall's screens (display/speech.ts); resolves when they have sounded. */
  const chime = rules.createChime(function () {
    return audio;
  }, 900);
  if (alertsOn) {
    // Browsers let a page sound only after a tap on it: after a reload, the first tap anywhere.
    window.addEventListener('pointerdown', unlockAudio, { once: true });
    window.addEventListener('keydown', unlockAudio, { once: true });
  }
  const renderAlerts = function () {
    show(find('[data-alerts="off"]'), !alertsOn);
    show(find('[data-alerts="on"]'), alertsOn);
    const granted = permission();
    const ways = [text.alerts.ways.sound];
    if (canVibrate) ways.push(text.alerts.ways.vibrate);
    if (granted === 'granted') ways.push(text.alerts.ways.notify);
    const waysEl = find('[data-ways]');
    if (waysEl) waysEl.textContent = rules.fill(text.alerts.onWith, { ways: ways.join('、') });
    show(find('[data-permission="denied"]'), granted === 'denied');
    show(find('[data-permission="unsupported"]'), granted === 'unsupported');
  };
  const enableAlerts = function () {
    unlockAudio();
    alertsOn = true;
    try {
      window.localStorage.setItem(storageKey, 'on');
    } catch {
      // On until the page reloads.
    }
    void chime();
    if (permission() === 'default') {
      Notification.requestPermission().then(renderAlerts, renderAlerts);
    }
    renderAlerts();
  };

  let stopFlash: (() => void) | null = null;
  /** Alternates the title with the alert until the citizen is back on the page, or for a minute. */
  const flashTitle = function (alert: string) {
    if (stopFlash) stopFlash();
    const original = document.title;
    let on = true;
    document.title = alert + ' ' + original;
    const timer = window.setInterval(function () {
      on = !on;
      document.title = on ? alert + ' ' + original : original;
    }, 1000);
    const stop = function () {
      window.clearInterval(timer);
      window.clearTimeout(stopAt);
      window.removeEventListener('pointerdown', stop);
      window.removeEventListener('keydown', stop);
      document.removeEventListener('visibilitychange', onVisible);
      document.title = original;
      stopFlash = null;
    };
    const stopAt = window.setTimeout(stop, 60000);
    const onVisible = function () {
      if (document.visibilityState === 'visible' && document.hasFocus()) window.setTimeout(stop, 5000);
    };
    window.addEventListener('pointerdown', stop);
    window.addEventListener('keydown', stop);
    document.addEventListener('visibilitychange', onVisible);
    stopFlash = stop;
  };

  let alertKey: string | null = null;
  const checkAlerts = function () {
    const now = current();
    const where = rules.alertStage(now, config.nearlyAhead);
    const previous = alertKey;
    alertKey = where.key;
    if (previous === null || previous === where.key) return;
    const stage: AlertStage = where.stage;
    if (stage !== 'nearly' && stage !== 'called') return;
    const called = stage === 'called';
    try {
      if (canVibrate) navigator.vibrate(called ? [400, 150, 400, 150, 400] : [200, 100, 200]);
    } catch {
      // Vibration refused (no tap yet).
    }
    if (alertsOn) {
      void chime().then(function () {
        return called ? chime() : undefined;
      });
    }
    const counter = now.counterNumber === null ? '' : now.counterNumber;
    const a = text.alerts;
    flashTitle(called ? rules.fill(a.flashCalled, { counter: counter }) : a.flashNearly);
    if (permission() === 'granted') {
      const vars = { number: now.number, counter: counter, n: Math.max(0, (now.position || 1) - 1), service: text.serviceName };
      try {
        new Notification(rules.fill(called ? a.notifyCalledTitle : a.notifyNearlyTitle, vars), {
          body: rules.fill(called ? a.notifyCalledBody : a.notifyNearlyBody, vars),
          tag: 'hallboard-' + now.number + '-' + stage,
          requireInteraction: called,
        });
      } catch {
        // Android Chrome allows notifications only from a service worker: the other alerts stand.
      }
    }
  };

  // ------------------------------------------------------------------ commands
  const idempotencyKey = function (): string {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    let key = '';
    for (let i = 0; i < 32; i += 1) key += Math.floor(Math.random() * 16).toString(16);
    return key;
  };
  const post = async function (path: string, body: object): Promise<Answer> {
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': idempotencyKey() },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      type Body = { error?: { code?: unknown; message?: unknown; reason?: unknown; details?: unknown } } & Record<string, unknown>;
      const json = (await response.json().catch(function () {
        return null;
      })) as Body | null;
      if (response.ok && json) return { ok: true, data: json };
      const error = json ? json.error : undefined;
      if (error && typeof error.code === 'string') {
        const failure: Failure = { ok: false, code: error.code, message: typeof error.message === 'string' ? error.message : '' };
        if (typeof error.reason === 'string') failure.reason = error.reason;
        if (error.details && typeof error.details === 'object') failure.details = error.details as Record<string, unknown>;
        return failure;
      }
      return { ok: false, code: 'NETWORK', message: 'HTTP ' + response.status };
    } catch {
      return { ok: false, code: 'NETWORK', message: '' };
    }
  };
  /**
   * A failed call in the reader's words, as lib/api-errors `describeApiError` says it: a reason
   * the catalog knows whole, with its figures; otherwise the code's meaning, then the server's
   * own sentence.
   */
  const describe = function (answer: Failure): string {
    if (answer.code === 'NETWORK') return text.network;
    const reason = answer.reason;
    if (reason && Object.prototype.hasOwnProperty.call(text.errorReasons, reason)) {
      const details = answer.details || {};
      const seconds = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
      const limit = typeof details.limit === 'number' ? details.limit : '';
      return rules.fill(text.errorReasons[reason] || '', { minutes: Math.max(1, Math.ceil(seconds / 60)), limit: limit });
    }
    return (text.errors[answer.code] || answer.code) + '（' + answer.message + '）';
  };
  const say = function (el: Element | null, message: string | null) {
    if (!el) return;
    el.textContent = message || '';
    show(el, !!message);
  };
  const flash = function (name: string, message: string | null) {
    say(find('[data-flash="' + name + '"]'), message);
  };
  /** The error line next to what was tapped. */
  const errorNear = function (el: Element): Element | null {
    let scope: Element | null = el.parentElement;
    while (scope && scope !== page) {
      const line = scope.querySelector('[data-error]');
      if (line) return line;
      scope = scope.parentElement;
    }
    return null;
  };
  /** The ticket in a command's answer becomes the server's last word. */
  const takeTicket = function (data: Record<string, unknown>) {
    const next = data.ticket as LiveTicket | undefined;
    if (next && typeof next === 'object' && typeof next.status === 'string') {
      ticket = next;
      queue = null;
    }
  };

  const running: Record<string, boolean> = {};
  /** One request per button at a time; the button says what is happening meanwhile. */
  const run = async function (button: HTMLButtonElement | null, key: string, work: () => Promise<void>) {
    if (running[key]) return;
    running[key] = true;
    const label = button ? button.textContent : null;
    if (button) {
      button.disabled = true;
      const busy = button.getAttribute('data-busy');
      if (busy) button.textContent = busy;
    }
    try {
      await work();
    } finally {
      running[key] = false;
      if (button && button.isConnected) {
        button.disabled = false;
        button.textContent = label;
      }
    }
  };
  const toggle = function (el: Element, open: boolean) {
    const group = el.closest('[data-toggle-group]');
    if (!group) return;
    show(group.querySelector('[data-toggle="open"]'), open);
    show(group.querySelector('[data-toggle="closed"]'), !open);
    if (open) {
      const field = group.querySelector<HTMLTextAreaElement>('textarea');
      if (field) field.focus();
    }
  };

  const actions: Record<string, (button: HTMLButtonElement) => Promise<void> | void> = {
    open: function (button) {
      toggle(button, true);
    },
    close: function (button) {
      toggle(button, false);
    },
    'alerts-on': enableAlerts,
    cancel: function (button) {
      return run(button, 'cancel', async function () {
        const answer = await post(api + 'cancel', {});
        if (answer.ok) {
          takeTicket(answer.data);
          toggle(button, false);
          await refresh();
        } else say(errorNear(button), describe(answer));
      });
    },
    'more-time': function (button) {
      return run(button, 'delay', async function () {
        flash('moreTimeError', null);
        const answer = await post(api + 'delay', {});
        if (answer.ok) {
          const delay = answer.data.delay as { from: number; to: number } | undefined;
          if (delay) flash('moreTime', rules.fill(text.moreTimeDone, { places: delay.to - delay.from, to: delay.to }));
          takeTicket(answer.data);
        } else flash('moreTimeError', answer.code === 'CONFLICT' ? text.moreTimeRefused : describe(answer));
        toggle(button, false);
        await refresh();
      });
    },
    rejoin: function (button) {
      return run(button, 'rejoin', async function () {
        const answer = await post(api + 'rejoin', {});
        if (answer.ok) {
          takeTicket(answer.data);
          await refresh();
        } else if (answer.code === 'CONFLICT') {
          say(errorNear(button), text.rejoinRefused);
          show(button, false);
          await refresh();
        } else say(errorNear(button), describe(answer));
      });
    },
    'conditional-confirm': function (button) {
      const id = button.getAttribute('data-id') || '';
      return run(button, 'confirm:' + id, async function () {
        const answer = await post(api + 'conditional-acceptances/' + encodeURIComponent(id) + '/confirm', {});
        if (answer.ok) await refresh();
        else say(errorNear(button), describe(answer));
      });
    },
  };

  page.addEventListener('click', function (event) {
    const target = event.target as Element | null;
    const button = target && target.closest ? target.closest<HTMLButtonElement>('button[data-act]') : null;
    if (!button) return;
    const action = actions[button.getAttribute('data-act') || ''];
    if (action) void action(button);
  });

  const forms: Record<string, (form: HTMLFormElement, button: HTMLButtonElement | null) => Promise<void>> = {
    rate: function (form, button) {
      const error = find('[data-error]', form);
      const data = new FormData(form);
      const level = data.get('level');
      if (typeof level !== 'string' || !level) {
        say(error, text.ratingChoose);
        return Promise.resolve();
      }
      const body: Record<string, string | number> = { level: level };
      ['efficiency', 'serviceLevel', 'attitude'].forEach(function (name) {
        const score = data.get(name);
        if (typeof score === 'string' && score) body[name] = Number(score);
      });
      const raw = data.get('comment');
      const comment = typeof raw === 'string' ? raw.trim() : '';
      if (comment) body.comment = comment;
      return run(button, 'rate', async function () {
        say(error, null);
        const answer = await post(api + 'rating', body);
        if (answer.ok) flash('rating', text.ratingThanks);
        else if (answer.code === 'CONFLICT') say(error, text.ratingAlready);
        else return say(error, describe(answer));
        await refresh();
      });
    },
    case: function (form, button) {
      const field = form.querySelector<HTMLTextAreaElement>('textarea');
      const description = field ? field.value.trim() : '';
      if (!description) return Promise.resolve();
      const error = find('[data-error]', form);
      return run(button, 'case', async function () {
        say(error, null);
        flash('case', null);
        const answer = await post('/api/v1/halls/' + encodeURIComponent(config.hall) + '/unresolved-cases', {
          description: description,
          ticketToken: config.token,
        });
        if (!answer.ok) return say(error, describe(answer));
        const filed = answer.data.case as { deadline?: string } | undefined;
        const deadline = filed && filed.deadline ? rules.hallClock(new Date(filed.deadline).getTime()) : null;
        flash('case', rules.fill(text.caseSent, { time: deadline ? deadline.day + ' ' + deadline.time : '' }));
        if (field) field.value = '';
        toggle(form, false);
        await refresh();
      });
    },
  };

  page.addEventListener('submit', function (event) {
    const form = event.target as HTMLFormElement;
    const handler = forms[form.getAttribute('data-act') || ''];
    if (!handler) return;
    event.preventDefault();
    void handler(form, form.querySelector('button[type="submit"]'));
  });

  // The rating form's looks follow its radios; the case form's button its text.
  page.addEventListener('change', function (event) {
    const input = event.target as HTMLInputElement;
    const form = input.form;
    if (!form || form.getAttribute('data-act') !== 'rate') return;
    const level = new FormData(form).get('level');
    form.querySelectorAll('.rating-option').forEach(function (option) {
      const radio = option.querySelector<HTMLInputElement>('input');
      option.classList.toggle('is-selected', !!radio && radio.checked);
    });
    show(find('[data-low-hint]', form), level === 'dissatisfied' || level === 'very_dissatisfied');
    form.querySelectorAll('.star-scale').forEach(function (scale) {
      const checked = scale.querySelector<HTMLInputElement>('input:checked');
      const value = checked ? Number(checked.value) : 0;
      scale.querySelectorAll('.star').forEach(function (star, i) {
        star.classList.toggle('is-on', i < value);
      });
      const words = scale.querySelector('[data-star-words]');
      if (words) words.textContent = value ? text.scoreWords[value - 1] || '' : '';
    });
  });
  page.addEventListener('input', function (event) {
    const field = event.target as HTMLTextAreaElement;
    const form = field.form;
    if (!form) return;
    if (field.name === 'comment') {
      const count = find('[data-comment-count]', form);
      if (count) count.textContent = rules.fill(text.commentCount, { n: field.value.length });
    }
    if (field.name === 'description') {
      const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (submit && !running.case) submit.disabled = !field.value.trim();
    }
  });

  // ------------------------------------------------------------------ live
  /** The server's view of the ticket, pushed (or polled): a view like the one shown changes nothing. */
  const onTicket = function (next: LiveTicket) {
    stamp();
    if (JSON.stringify(next) === JSON.stringify(ticket)) return;
    ticket = next;
    queue = null;
    checkAlerts();
    void refresh();
  };

  /** Reads the view again when a heartbeat or the queue order says a push was missed. */
  let rereading = false;
  const reread = async function (): Promise<void> {
    if (rereading) return;
    rereading = true;
    try {
      const response = await fetch(api.replace(/\/$/, ''), { headers: { accept: 'application/json' }, cache: 'no-store' });
      const body = (await response.json()) as { ticket?: LiveTicket };
      if (response.ok && body.ticket) onTicket(body.ticket);
    } catch {
      // Offline: the next heartbeat asks again.
    }
    rereading = false;
  };

  const connect = function () {
    const io = (window as unknown as { io?: (path: string, options: object) => SocketLike }).io;
    if (!io) return poll();
    // Back about a second after the server, with jitter (components/realtime/reconnect.ts).
    const socket = io('/ticket', {
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 2000,
      randomizationFactor: 0.5,
      withCredentials: true,
      auth: function (cb: (data: object) => void) {
        cb({ token: config.token });
      },
    });
    socket.on('ticket', onTicket);
    socket.on('queue', function (order: LiveQueue) {
      stamp();
      queue = order;
      queueAt = Date.now();
      applyQueue();
      checkAlerts();
      // Reads the view again when the number left the order, or when the order's shape behind
      // it changed what the page offers ("再等 5 分钟" for the last in line once someone joins).
      const shown = rules.queueShapeKey(ticket, null);
      const now = rules.queueShapeKey(ticket, order);
      if (rules.leftQueue(ticket, order) || (shown !== null && now !== null && shown !== now)) void reread();
    });
    socket.on('heartbeat', function (beat: { number: string; version: number }) {
      stamp();
      if (rules.behindBeat(ticket, beat)) void reread();
    });
    socket.on('connect', function () {
      online(true);
    });
    // Socket.IO never retries a refused handshake; one refused as UNAVAILABLE (the database
    // failed while admitting it) is tried again 0.5–1.5 s later (components/realtime/reconnect.ts).
    let retry: ReturnType<typeof setTimeout> | null = null;
    socket.on('connect_error', function (error: { data?: { code?: string; reason?: string } }) {
      online(false);
      // The link ended (the end of the hall day the visit ended on): the page says so and leads home.
      if (error.data && error.data.reason === 'LINK_EXPIRED') {
        location.reload();
        return;
      }
      if (socket.active || retry || !error.data || error.data.code !== 'UNAVAILABLE') return;
      retry = setTimeout(function () {
        retry = null;
        socket.connect();
      }, 500 + Math.random() * 1000);
    });
    socket.on('disconnect', function () {
      online(false);
    });
    socket.io.on('reconnect_attempt', function () {
      online(false);
    });
  };

  /**
   * Where the Socket.IO client could not be loaded (a filtering proxy, a broken in-app browser),
   * the page still follows its ticket: it asks for the view every 15 s, as a push would bring it.
   */
  const poll = function () {
    const ask = async function () {
      try {
        const response = await fetch(api.replace(/\/$/, ''), { headers: { accept: 'application/json' }, cache: 'no-store' });
        const body = (await response.json()) as { ticket?: LiveTicket };
        online(response.ok);
        if (response.ok && body.ticket) onTicket(body.ticket);
      } catch {
        online(false);
      }
    };
    void ask();
    window.setInterval(function () {
      void ask();
    }, 15000);
  };

  // 我的排队号: the device remembers the link (the hall home lists it, components/home/mine-island.ts),
  // also for a number from the kiosk's QR code or a volunteer's tablet.
  try {
    const stored = JSON.parse(window.localStorage.getItem('hb.myTickets') || '[]') as Array<{ token: string }>;
    const list = Array.isArray(stored) ? stored : [];
    if (!list.some(function (e) {
      return e && e.token === config.token;
    })) {
      list.unshift({ token: config.token, hall: config.hall, number: ticket.number, at: Date.now() } as { token: string });
      window.localStorage.setItem('hb.myTickets', JSON.stringify(list.slice(0, 20)));
    }
  } catch {
    // Storage refused (private mode): the number can still be found by phone.
  }

  afterRender();
  checkAlerts();
  // The client script is loaded from here, so that its outcome is never missed: live once it
  // is there, polling when it fails (a filtering proxy) or has not come within 10 s.
  let begun = false;
  const begin = function () {
    if (begun) return;
    begun = true;
    connect();
  };
  const loader = document.createElement('script');
  loader.src = config.socketClient;
  loader.async = true;
  loader.addEventListener('load', begin);
  loader.addEventListener('error', begin);
  document.body.appendChild(loader);
  window.setTimeout(begin, 10000);
}
