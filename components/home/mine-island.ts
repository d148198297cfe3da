/**
 * The hall home's second script: 我的排队号 (the numbers this device took today, checked with
 * the server), 找回 by phone and number, and the 办不成事 form. Like home-island.ts it is
 * serialised with toString() into the page, so it references nothing outside its body, and it
 * is written in ES2017 (no ?. or ??) for older in-app browsers.
 *
 * The device's list lives in localStorage under `hb.myTickets` ({ token, hall, number, at }),
 * written here, by home-island.ts when a number is taken and by the ticket page when it opens
 * (a number from the kiosk's QR code or a volunteer is remembered too). Only the token is
 * kept; everything shown is read from the server, and a link the server no longer knows, or
 * one of another day, is forgotten.
 */
export interface MineIslandConfig {
  hall: string;
  text: {
    open: string;
    status: Record<string, string>;
    findBusy: string;
    findSubmit: string;
    findNone: string;
    findLimited: string;
    findInvalid: string;
    unresolvedBusy: string;
    unresolvedSubmit: string;
    unresolvedSent: string;
    unresolvedInvalid: string;
    network: string;
  };
}

export function mineIsland(config: MineIslandConfig): void {
  const text = config.text;
  const storeKey = 'hb.myTickets';
  type Entry = { token: string; hall: string; number: string; at: number };
  type Shown = { number: string; serviceName: string; status: string; url: string };
  const byId = function (id: string): HTMLElement | null {
    return document.getElementById(id);
  };
  // The hall's day (Asia/Shanghai, UTC+8 all year), as on every other citizen page.
  const hallDay = function (at: number): string {
    return new Date(at + 8 * 3600 * 1000).toISOString().slice(0, 10);
  };
  const read = function (): Entry[] {
    try {
      const list = JSON.parse(window.localStorage.getItem(storeKey) || '[]') as unknown;
      return Array.isArray(list) ? (list as Entry[]).filter(function (e) {
        return e && typeof e.token === 'string' && typeof e.hall === 'string';
      }) : [];
    } catch {
      return [];
    }
  };
  const write = function (list: Entry[]) {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(list.slice(0, 20)));
    } catch {
      // Storage refused (private mode): finding by phone still works.
    }
  };
  const remember = function (token: string, number: string) {
    const list = read();
    if (list.some(function (e) {
      return e.token === token;
    })) return;
    list.unshift({ token: token, hall: config.hall, number: number, at: Date.now() });
    write(list);
  };
  const forget = function (token: string) {
    write(read().filter(function (e) {
      return e.token !== token;
    }));
  };

  const item = function (t: Shown): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'mine-item';
    li.setAttribute('data-testid', 'mine-item');
    li.setAttribute('data-status', t.status);
    const link = document.createElement('a');
    link.href = t.url;
    link.className = 'mine-link';
    const number = document.createElement('strong');
    number.className = 'mine-number tabular';
    number.textContent = t.number;
    const what = document.createElement('span');
    what.className = 'mine-what';
    what.textContent = t.serviceName + ' · ' + (text.status[t.status] || t.status);
    const go = document.createElement('span');
    go.className = 'mine-go';
    go.textContent = text.open;
    link.appendChild(number);
    link.appendChild(what);
    link.appendChild(go);
    li.appendChild(link);
    return li;
  };
  const render = function (listEl: HTMLElement | null, shown: Shown[]) {
    if (!listEl) return;
    listEl.textContent = '';
    shown.forEach(function (t) {
      listEl.appendChild(item(t));
    });
    listEl.hidden = shown.length === 0;
  };

  // ------------------------------------------------------------------ this device's numbers
  const today = hallDay(Date.now());
  const mine = read().filter(function (e) {
    return e.hall === config.hall;
  });
  const pathOf = function (token: string) {
    return '/t/' + encodeURIComponent(token);
  };
  void Promise.all(
    mine.map(function (e) {
      return fetch('/api/v1/tickets/' + encodeURIComponent(e.token), { headers: { accept: 'application/json' }, cache: 'no-store' })
        .then(function (res) {
          if (res.status === 404) {
            forget(e.token);
            return null;
          }
          if (!res.ok) return null;
          return res.json().then(function (body: { ticket?: { number: string; serviceName: string; status: string; issuedAt: string } }) {
            const v = body.ticket;
            if (!v) return null;
            if (hallDay(new Date(v.issuedAt).getTime()) !== today) {
              forget(e.token);
              return null;
            }
            return { number: v.number, serviceName: v.serviceName, status: v.status, url: pathOf(e.token) };
          });
        })
        .catch(function () {
          return null;
        });
    }),
  ).then(function (results) {
    const shown = results.filter(function (r): r is Shown {
      return r !== null;
    });
    render(byId('mine-list'), shown);
    const hint = byId('mine-hint');
    const empty = byId('mine-empty');
    if (hint) hint.hidden = shown.length === 0;
    if (empty) empty.hidden = shown.length > 0;
  });

  const post = function (path: string, body: object): Promise<{ status: number; json: Record<string, unknown> | null }> {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    }).then(function (res) {
      return res.json().then(
        function (json: Record<string, unknown>) {
          return { status: res.status, json: json };
        },
        function () {
          return { status: res.status, json: null };
        },
      );
    });
  };
  const say = function (el: HTMLElement | null, message: string | null) {
    if (!el) return;
    el.textContent = message || '';
    el.hidden = !message;
  };

  // ------------------------------------------------------------------ 找回 by phone and number
  const findForm = byId('find-form') as HTMLFormElement | null;
  const findPhone = byId('find-phone') as HTMLInputElement | null;
  const findNumber = byId('find-number') as HTMLInputElement | null;
  const findSubmit = byId('find-submit') as HTMLButtonElement | null;
  const findError = byId('find-error');
  if (findForm && findPhone && findNumber && findSubmit) {
    findForm.addEventListener('submit', function (event) {
      event.preventDefault();
      if (findSubmit.disabled) return;
      const phone = findPhone.value.replace(/\s+/g, '');
      const number = findNumber.value.replace(/\s+/g, '').toUpperCase();
      if (!/^1[3-9]\d{9}$/.test(phone) || !/^[A-Z]{1,2}\d{1,4}$/.test(number)) {
        say(findError, text.findInvalid);
        return;
      }
      say(findError, null);
      findSubmit.disabled = true;
      findSubmit.textContent = text.findBusy;
      void post('/api/v1/halls/' + encodeURIComponent(config.hall) + '/tickets/find', { phone: phone, number: number })
        .then(function (reply) {
          const found = reply.status === 200 && reply.json ? (reply.json.tickets as Shown[]) : null;
          if (found) {
            found.forEach(function (t) {
              const token = decodeURIComponent(t.url.split('/t/')[1] || '');
              if (token) remember(token, t.number);
            });
            render(byId('find-list'), found);
          } else {
            render(byId('find-list'), []);
            say(findError, reply.status === 429 ? text.findLimited : reply.status === 404 ? text.findNone : text.network);
          }
        })
        .catch(function () {
          say(findError, text.network);
        })
        .then(function () {
          findSubmit.disabled = false;
          findSubmit.textContent = text.findSubmit;
        });
    });
  }

  // ------------------------------------------------------------------ 办不成事 from home
  const sheet = byId('unresolved-sheet');
  const form = byId('unresolved-form') as HTMLFormElement | null;
  const description = byId('unresolved-description') as HTMLTextAreaElement | null;
  const phone = byId('unresolved-phone') as HTMLInputElement | null;
  const submit = byId('unresolved-submit') as HTMLButtonElement | null;
  const error = byId('unresolved-error');
  const sent = byId('unresolved-sent');
  if (!sheet || !form || !description || !phone || !submit) return;
  const close = function () {
    if (submit.disabled) return;
    sheet.hidden = true;
    document.body.classList.remove('sheet-open');
  };
  document.addEventListener('click', function (event) {
    const target = event.target as Element | null;
    if (!target || !target.closest) return;
    if (target.closest('[data-unresolved-open]')) {
      event.preventDefault();
      say(error, null);
      say(sent, null);
      // The button's own display rule beats [hidden]: the style says it.
      submit.style.display = '';
      sheet.hidden = false;
      document.body.classList.add('sheet-open');
      description.focus();
      return;
    }
    if (target.closest('[data-unresolved-close]')) close();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !sheet.hidden) close();
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (submit.disabled) return;
    const words = description.value.trim();
    const number = phone.value.replace(/\s+/g, '');
    // The API's own rules (contracts/governance.ts openCaseBody): 1–1000 characters, a mainland mobile.
    if (!words || words.length > 1000 || !/^1[3-9]\d{9}$/.test(number)) {
      say(error, text.unresolvedInvalid);
      return;
    }
    say(error, null);
    submit.disabled = true;
    submit.textContent = text.unresolvedBusy;
    void fetch('/api/v1/halls/' + encodeURIComponent(config.hall) + '/unresolved-cases', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ description: words, phone: number }),
      credentials: 'same-origin',
    })
      .then(function (res) {
        return res.json().then(function (json: { case?: { deadline: string }; error?: { message?: string } }) {
          if (res.status === 201 && json.case) {
            const local = new Date(new Date(json.case.deadline).getTime() + 8 * 3600 * 1000).toISOString();
            const when = local.slice(5, 7) + '-' + local.slice(8, 10) + ' ' + local.slice(11, 16);
            say(sent, text.unresolvedSent.replace('{time}', when));
            submit.style.display = 'none';
            description.value = '';
          } else {
            say(error, res.status === 429 ? text.findLimited : text.unresolvedInvalid);
          }
        });
      })
      .catch(function () {
        say(error, text.network);
      })
      .then(function () {
        submit.disabled = false;
        submit.textContent = text.unresolvedSubmit;
      });
  });
}
