// The Stats view's charts: how the core's figures are laid out (scales, ticks, the
// columns of the trend). Nothing here computes a figure: medians and shares come from the
// core; this only decides where they are drawn.

/** The top of an axis that holds `max`: 1, 2, 2.5 or 5 times a power of ten, at least
 *  `max` (10 for nothing to show, so that an empty chart still has an axis). */
export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 10;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/** The ticks of an axis from 0 to `top` (a `niceMax`), `count` intervals or fewer. */
export function ticks(top: number, count = 4): number[] {
  const step = top / count;
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 100) / 100);
}

/** A value's length on a scale of `top`, as a percentage (0 for none; at most 100). */
export function share(value: number | null, top: number): number {
  if (value === null || !(top > 0) || value <= 0) return 0;
  return Math.min(100, (value / top) * 100);
}

/** The quarters from `first` to `last` (`2024-Q3`), every one, so that a quarter with no
 *  transmitted item shows as a gap in the trend instead of vanishing. */
export function quarterRange(first: string, last: string): string[] {
  const parse = (q: string) => {
    const m = /^(\d{4})-Q([1-4])$/.exec(q);
    if (!m) throw new Error(`not a quarter: ${q}`);
    return Number(m[1]) * 4 + Number(m[2]) - 1;
  };
  const out: string[] = [];
  for (let n = parse(first); n <= parse(last); n++) {
    out.push(`${Math.floor(n / 4)}-Q${(n % 4) + 1}`);
  }
  return out;
}

/** Where the trend's columns go on a chart `width` wide: one slot per quarter, the bar
 *  centred in it; and which quarters are labelled (every one when they fit, else every
 *  `every`-th, always the last). */
export type Column = { key: string; x: number; width: number; centre: number; labelled: boolean };

export function columns(keys: string[], width: number, minLabel = 56): Column[] {
  const n = keys.length;
  if (n === 0) return [];
  const slot = width / n;
  const bar = Math.max(2, Math.min(36, slot * 0.6));
  const every = Math.max(1, Math.ceil(minLabel / slot));
  return keys.map((key, i) => ({
    key,
    x: i * slot + (slot - bar) / 2,
    width: bar,
    centre: i * slot + slot / 2,
    labelled: (n - 1 - i) % every === 0,
  }));
}

/** The height of `value` on a chart `height` high whose axis tops at `top`. */
export function heightOf(value: number | null, top: number, height: number): number {
  return (share(value, top) / 100) * height;
}

/** A median as written: whole days as `214`, a half day as `6.5`, none as `—`. */
export function median(d: number | null): string {
  if (d === null) return '—';
  return Number.isInteger(d) ? d.toLocaleString('en-US') : d.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
