/**
 * What a browser does on a sign-on's redirects, by hand: GET, keep the cookies each answer
 * sets (per host, whatever the port, and by path, as browsers do), follow `Location`.
 * Enough for the OpenID flow between two local servers; no scripts, no forms.
 */
export interface Hop {
  url: string;
  status: number;
  location: string | null;
  setCookies: string[];
  text: string;
}

interface StoredCookie {
  value: string;
  path: string;
}

export function createRedirectBrowser() {
  const jar = new Map<string, Map<string, StoredCookie>>();

  function store(url: URL, header: string) {
    const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    let path = '/';
    let expired = false;
    for (const a of attributes) {
      const [k = '', v = ''] = a.split('=');
      if (k.toLowerCase() === 'path' && v.startsWith('/')) path = v;
      if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
    }
    const cookies = jar.get(url.hostname) ?? new Map<string, StoredCookie>();
    jar.set(url.hostname, cookies);
    if (expired) cookies.delete(name);
    else cookies.set(name, { value, path });
  }

  function cookieHeader(url: URL): string {
    const cookies = jar.get(url.hostname) ?? new Map<string, StoredCookie>();
    const matches = [...cookies].filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`));
    return matches.map(([name, c]) => `${name}=${c.value}`).join('; ');
  }

  async function get(href: string): Promise<Hop> {
    const url = new URL(href);
    const cookie = cookieHeader(url);
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) store(url, c);
    const location = res.headers.get('location');
    return { url: href, status: res.status, location: location === null ? null : new URL(location, url).href, setCookies, text: await res.text() };
  }

  /**
   * GETs `href` and follows its redirects, stopping before a URL `stopBefore` accepts
   * (returned as `next`, not fetched) or at an answer that is not a redirect.
   */
  async function follow(href: string, stopBefore: (url: URL) => boolean = () => false, maxHops = 12): Promise<{ hops: Hop[]; next: string | null }> {
    const hops: Hop[] = [];
    let current: string | null = href;
    while (current !== null && hops.length < maxHops) {
      const hop = await get(current);
      hops.push(hop);
      if (hop.status < 300 || hop.status >= 400 || hop.location === null) return { hops, next: null };
      if (stopBefore(new URL(hop.location))) return { hops, next: hop.location };
      current = hop.location;
    }
    throw new Error(`more than ${maxHops} redirects from ${href}`);
  }

  /** The value of a cookie this browser holds for the host, if any. */
  function cookie(host: string, name: string): string | undefined {
    return jar.get(host)?.get(name)?.value;
  }

  return { get, follow, cookie };
}
