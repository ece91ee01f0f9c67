// How figures and dates are written. Dates stay YYYY-MM-DD as the backend sends them;
// nothing here computes with dates.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1187 → "1,187"; null → "—". */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

/** `1 item`, `2 items`, `1,000 items`; `? items` when the number is unknown. */
export function items(n: number | null | undefined): string {
  if (n === null || n === undefined) return '? items';
  return `${count(n)} ${n === 1 ? 'item' : 'items'}`;
}

export function days(n: number): string {
  return `${integer.format(n)} ${n === 1 ? 'day' : 'days'}`;
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
