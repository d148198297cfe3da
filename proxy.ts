import { type NextRequest, NextResponse } from 'next/server';
import { localeCookie, localeHeader, parseLocale } from './lib/locales';

/**
 * `?lang=en` (or `?lang=zh-CN`) switches the language: the request renders in it at
 * once through a header, and a cookie keeps the choice for the following pages.
 */
export function proxy(request: NextRequest) {
  const locale = parseLocale(request.nextUrl.searchParams.get('lang'));
  if (!locale) return NextResponse.next();
  const forwarded = new Headers(request.headers);
  forwarded.set(localeHeader, locale);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.cookies.set(localeCookie, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api|_next/static|_next/image|favicon.ico).*)', has: [{ type: 'query', key: 'lang' }] }],
};
