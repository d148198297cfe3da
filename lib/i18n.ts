import { Fragment, type ReactNode, createElement } from 'react';
import type { zhCN } from '@/messages/zh-CN';

export { type Locale, defaultLocale, localeCookie, locales, parseLocale } from './locales';

/**
 * Every catalog has exactly the shape of the Chinese one. This module holds no catalog, so
 * client code may import it: the catalogs themselves are in ./catalogs (server only).
 */
export type Messages = typeof zhCN;

type Vars = Record<string, string | number>;

/** Fills {name} placeholders; an unknown placeholder is left as written so it shows in review. */
export function format(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** Like `format`, but placeholders may be React nodes (a bold number, a testid span). */
export function rich(template: string, vars: Record<string, ReactNode>): ReactNode {
  const parts = template.split(/\{(\w+)\}/g);
  return parts.map((part, i) =>
    createElement(Fragment, { key: i }, i % 2 === 1 ? (vars[part] ?? `{${part}}`) : part),
  );
}
