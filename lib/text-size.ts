/** 适老化: the large-text choice, remembered per device in a cookie the server reads (no flash). */
export const textSizeCookie = 'hb_text';

export function isLargeText(value: string | undefined): boolean {
  return value === 'large';
}

/**
 * The header's toggle, as a script of its own: one delegated listener, so it works on every
 * citizen page whether or not the page loads React in the browser (the hall home does not).
 * Serialised with toString(), it must not reference anything outside its body.
 */
export function textSizeToggleScript(cookie: string): void {
  const w = window as unknown as { __hbTextToggle?: boolean };
  if (w.__hbTextToggle) return;
  w.__hbTextToggle = true;
  document.addEventListener('click', function (event) {
    const target = event.target as Element | null;
    const button = target && target.closest ? target.closest('[data-text-toggle]') : null;
    if (!button) return;
    const site = document.querySelector('.site');
    const large = !(site && site.getAttribute('data-text') === 'large');
    if (site) site.setAttribute('data-text', large ? 'large' : 'normal');
    button.setAttribute('aria-pressed', large ? 'true' : 'false');
    document.cookie = cookie + '=' + (large ? 'large' : 'normal') + '; path=/; max-age=31536000; samesite=lax';
  });
}

/** A function and its argument as an inline script; `<` is escaped so no string can end the tag. */
export function inlineScript<A>(fn: (arg: A) => void, arg: A): string {
  return `(${fn.toString()})(${JSON.stringify(arg).replace(/</g, '\\u003c')});`;
}
