/**
 * The hall home's only script: live waits (polling the hall's /waits, which a phone in
 * WeChat's browser keeps up more reliably than a socket, at a fraction of the weight) and the
 * 取号 sheet. The page is server-rendered without React in the browser, so this is plain DOM
 * code; it is serialised with toString() into the page and must not reference anything
 * outside its body. Written in ES2017 (no ?. or ??) for older in-app browsers.
 */
export interface HomeIslandConfig {
  hall: string;
  pollMs: number;
  services: Record<string, { name: string; instant: boolean; onlineUrl: string | null }>;
  text: {
    waiting: string;
    etaRange: string;
    etaZero: string;
    closed: string;
    opensAt: string;
    updated: string;
    offline: string;
    title: string;
    phoneInvalid: string;
    taking: string;
    confirm: string;
    weekdays: string[];
    when: { today: string; tomorrow: string; later: string };
    errors: {
      phoneDailyLimit: string;
      phoneDailyLimitNoFigure: string;
      ipLimit: string;
      dailyCap: string;
      dailyCapNoFigure: string;
      closed: string;
      closedNoTime: string;
      notFound: string;
      network: string;
      other: string;
    };
  };
}

export function hallHomeIsland(config: HomeIslandConfig): void {
  const text = config.text;
  const fill = function (template: string, vars: Record<string, string | number>): string {
    return template.replace(/\{(\w+)\}/g, function (whole: string, name: string) {
      return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  };
  const when = function (o: { daysAhead: number; day: string; weekday: number; time: string }): string {
    if (o.daysAhead === 0) return fill(text.when.today, { time: o.time });
    if (o.daysAhead === 1) return fill(text.when.tomorrow, { time: o.time });
    const parts = o.day.split('-');
    return fill(text.when.later, { month: Number(parts[1]), day: Number(parts[2]), weekday: text.weekdays[o.weekday] || '', time: o.time });
  };
  const hhmm = function (iso: string): string {
    const d = new Date(iso);
    const pad = function (n: number) {
      return (n < 10 ? '0' : '') + n;
    };
    // The hall's zone is Asia/Shanghai (UTC+8, no daylight saving): shown the same on every phone.
    const local = new Date(d.getTime() + 8 * 3600 * 1000);
    return pad(local.getUTCHours()) + ':' + pad(local.getUTCMinutes());
  };

  // ------------------------------------------------------------------ live waits
  type Wait = {
    id: string;
    waiting: number;
    etaMinutes: { low: number; high: number };
    openNow: boolean;
    nextOpening: { daysAhead: number; day: string; weekday: number; time: string } | null;
  };
  const updated = document.querySelector('.js-updated');
  const apply = function (waits: { at: string; services: Wait[] }) {
    waits.services.forEach(function (w) {
      const card = document.querySelector('[data-service-id="' + w.id + '"]');
      if (!card) return;
      const waiting = card.querySelector('.js-waiting');
      const eta = card.querySelector('.js-eta');
      const closed = card.querySelector('.js-closed');
      const live = card.querySelector('.js-live');
      const take = card.querySelector('[data-take]');
      if (waiting) waiting.textContent = fill(text.waiting, { n: w.waiting });
      if (eta) eta.textContent = w.etaMinutes.high === 0 ? text.etaZero : fill(text.etaRange, w.etaMinutes);
      if (closed) {
        closed.textContent = text.closed + (w.nextOpening ? ' · ' + fill(text.opensAt, { when: when(w.nextOpening) }) : '');
        closed.toggleAttribute('hidden', w.openNow);
      }
      if (live) live.toggleAttribute('hidden', !w.openNow);
      if (take) (take as HTMLButtonElement).disabled = !w.openNow;
    });
    if (updated) {
      updated.textContent = fill(text.updated, { time: hhmm(waits.at) });
      updated.classList.remove('offline');
    }
  };
  let inFlight = false;
  const poll = function () {
    if (inFlight || document.visibilityState === 'hidden') return;
    inFlight = true;
    void fetch('/api/v1/halls/' + encodeURIComponent(config.hall) + '/waits', { cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(apply)
      .catch(function () {
        if (updated) {
          updated.textContent = text.offline;
          updated.classList.add('offline');
        }
      })
      .then(function () {
        inFlight = false;
      });
  };
  setInterval(poll, config.pollMs);
  document.addEventListener('visibilitychange', poll);

  // ------------------------------------------------------------------ 取号 sheet
  const sheet = document.getElementById('take-sheet');
  const form = document.getElementById('take-form') as HTMLFormElement | null;
  const phone = document.getElementById('take-phone') as HTMLInputElement | null;
  const error = document.getElementById('take-error');
  const phoneHint = document.getElementById('take-phone-hint');
  const submit = document.getElementById('take-confirm') as HTMLButtonElement | null;
  const title = document.getElementById('take-title');
  const instant = document.getElementById('take-instant');
  const instantLink = document.getElementById('take-instant-link') as HTMLAnchorElement | null;
  if (!sheet || !form || !phone || !error || !submit || !title || !phoneHint) return;
  const hintText = phoneHint.textContent || '';
  let current: string | null = null;
  let opener: HTMLElement | null = null;
  // One Idempotency-Key per tap on 取号: kept while the same request is retried (a lost answer,
  // a 503), so a retry gets the same number; a new one when the sheet opens or the request changes.
  let tapKey = '';
  let tapBody = '';
  const newKey = function (): string {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, '0');
    }).join('');
  };

  const showError = function (message: string | null) {
    error.textContent = message || '';
    error.toggleAttribute('hidden', !message);
  };
  const open = function (serviceId: string, from: HTMLElement) {
    const service = config.services[serviceId];
    if (!service) return;
    current = serviceId;
    opener = from;
    tapKey = '';
    title.textContent = fill(text.title, { service: service.name });
    if (instant) instant.toggleAttribute('hidden', !(service.instant && service.onlineUrl));
    if (instantLink && service.onlineUrl) instantLink.href = service.onlineUrl;
    showError(null);
    sheet.removeAttribute('hidden');
    document.body.classList.add('sheet-open');
    phone.focus();
  };
  const close = function () {
    if (submit.disabled) return;
    sheet.setAttribute('hidden', '');
    document.body.classList.remove('sheet-open');
    current = null;
    if (opener) opener.focus();
  };
  const failure = function (body: { error?: { code?: string; reason?: string; details?: Record<string, string | number> } } | null, name: string): string {
    const e = text.errors;
    const err = (body && body.error) || {};
    const d = err.details || {};
    if (err.reason === 'PHONE_DAILY_LIMIT') return d.limit === undefined ? e.phoneDailyLimitNoFigure : fill(e.phoneDailyLimit, { limit: d.limit });
    if (err.reason === 'IP_LIMIT') return fill(e.ipLimit, { minutes: Math.max(1, Math.ceil(Number(d.retryAfterSeconds || 60) / 60)) });
    if (err.reason === 'DAILY_CAP') return d.cap === undefined ? fill(e.dailyCapNoFigure, { service: name }) : fill(e.dailyCap, { service: name, cap: d.cap });
    if (err.reason === 'SERVICE_CLOSED') {
      if (typeof d.opensDay !== 'string' || typeof d.opensTime !== 'string') return fill(e.closedNoTime, { service: name });
      return fill(e.closed, {
        service: name,
        when: when({ daysAhead: Number(d.daysAhead), day: d.opensDay, weekday: Number(d.opensWeekday), time: d.opensTime }),
      });
    }
    if (err.code === 'NOT_FOUND') return e.notFound;
    if (err.code === 'RATE_LIMITED') return fill(e.ipLimit, { minutes: 10 });
    return e.other;
  };

  document.addEventListener('click', function (event) {
    const target = event.target as Element | null;
    const trigger = target && target.closest ? target.closest<HTMLElement>('[data-take]') : null;
    if (trigger) {
      event.preventDefault();
      open(trigger.getAttribute('data-take') || '', trigger);
      return;
    }
    if (target && target.closest && target.closest('[data-sheet-close]')) close();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && current) close();
  });
  phone.addEventListener('input', function () {
    phone.removeAttribute('aria-invalid');
    phoneHint.textContent = hintText;
    phoneHint.className = 'field-hint';
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!current || submit.disabled) return;
    const service = config.services[current];
    const number = phone.value.replace(/\s+/g, '');
    if (number && !/^1[3-9]\d{9}$/.test(number)) {
      phone.setAttribute('aria-invalid', 'true');
      phoneHint.textContent = text.phoneInvalid;
      phoneHint.className = 'field-error';
      phone.focus();
      return;
    }
    const body: { serviceId: string; channel: string; phone?: string } = { serviceId: current, channel: 'phone' };
    if (number) body.phone = number;
    submit.disabled = true;
    submit.textContent = text.taking;
    showError(null);
    const payload = JSON.stringify(body);
    if (!tapKey || payload !== tapBody) {
      tapKey = newKey();
      tapBody = payload;
    }
    const key = tapKey;
    const post = function (attempt: number): Promise<Response> {
      return fetch('/api/v1/halls/' + encodeURIComponent(config.hall) + '/tickets', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': key },
        body: payload,
        credentials: 'same-origin',
      }).then(
        function (res) {
          if (res.status !== 503 || attempt >= 3) return res;
          return new Promise<Response>(function (resolve) {
            setTimeout(function () {
              resolve(post(attempt + 1));
            }, 750 + Math.random() * 500);
          });
        },
        function (error: unknown) {
          if (attempt >= 3) throw error;
          return new Promise<Response>(function (resolve) {
            setTimeout(function () {
              resolve(post(attempt + 1));
            }, 750 + Math.random() * 500);
          });
        },
      );
    };
    post(1)
      .then(function (res) {
        return res.json().then(
          function (json: unknown) {
            return { status: res.status, json: json as { ticket?: { url?: string; token?: string; number?: string }; error?: { code?: string } } };
          },
          function () {
            return { status: res.status, json: null };
          },
        );
      })
      .then(function (reply) {
        const url = reply.json && reply.json.ticket && reply.json.ticket.url;
        if (reply.status === 201 && url) {
          // 我的排队号: the device keeps the link, so the hall home finds the number again after the
          // page is closed (mine-island.ts reads the same list; the server decides what it shows).
          const ticket = reply.json && reply.json.ticket;
          if (ticket && ticket.token) {
            try {
              const stored = JSON.parse(window.localStorage.getItem('hb.myTickets') || '[]') as Array<{ token: string }>;
              const list = Array.isArray(stored) ? stored.filter(function (e) {
                return e && e.token !== ticket.token;
              }) : [];
              list.unshift({ token: ticket.token, hall: config.hall, number: ticket.number || '', at: Date.now() } as { token: string });
              window.localStorage.setItem('hb.myTickets', JSON.stringify(list.slice(0, 20)));
            } catch {
              // Storage refused (private mode): the number can still be found by phone.
            }
          }
          window.location.assign(url);
          return;
        }
        submit.disabled = false;
        submit.textContent = text.confirm;
        showError(failure(reply.json, service ? service.name : ''));
      })
      .catch(function () {
        submit.disabled = false;
        submit.textContent = text.confirm;
        showError(text.errors.network);
      });
  });
}
