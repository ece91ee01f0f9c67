// How figures and dates are written, in the window's language (Intl with its locale).
// Dates stay YYYY-MM-DD as the backend sends them; nothing here computes with dates.

import { LL, locale } from './i18n.svelte';

const formats = new Map<string, Intl.NumberFormat>();
function integer(): Intl.NumberFormat {
  const l = locale() === 'en' ? 'en-US' : locale();
  let f = formats.get(l);
  if (!f) {
    f = new Intl.NumberFormat(l, { maximumFractionDigits: 0 });
    formats.set(l, f);
  }
  return f;
}

/** 1187 → "1,187"; null → "—". */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer().format(n);
}

/** `1 item`, `2 items`, `1,000 items` (`1 项`…); `? items` when the number is unknown. */
export function items(n: number | null | undefined): string {
  if (n === null || n === undefined) return LL.format.unknownItems();
  return LL.format.items({ n });
}

/** `1 day`, `1,187 days` (`1,187 天`). */
export function days(n: number): string {
  return LL.format.days({ n });
}

export function date(d: string | null | undefined): string {
  return d ? d : '—';
}

/** The shade of a days-with-counterpart figure: under 90 neutral, 90–365 amber, over 365 red. */
export function ageClass(n: number | null | undefined): 'age-none' | 'age-fresh' | 'age-old' | 'age-stale' {
  if (n === null || n === undefined) return 'age-none';
  if (n > 365) return 'age-stale';
  if (n >= 90) return 'age-old';
  return 'age-fresh';
}
