// What the date field needs to lay out a month and to tidy what is typed. Dates are
// `YYYY-MM-DD` strings throughout, as the backend sends and expects them; nothing here
// reads the clock or knows a business rule (the backend validates and counts days).
// Calendar arithmetic is done in UTC, so no time zone or daylight-saving change can shift
// a day.

import { locale } from './i18n.svelte';

/** The first column of the month grid: 0 = Sunday (as U.S. calendars print it). */
export const WEEK_STARTS_ON = 0;

/** Names of weekdays and months in the window's language (Intl, in UTC). */
function names(loc: string) {
  const tag = loc === 'en' ? 'en-US' : loc;
  const at = (f: Intl.DateTimeFormat, y: number, m: number, d: number) => f.format(new Date(Date.UTC(y, m, d)));
  const short = new Intl.DateTimeFormat(tag, { weekday: loc === 'en' ? 'short' : 'narrow', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' });
  // 2023-01-01 was a Sunday. English keeps two letters (Su, Mo, …).
  const days = Array.from({ length: 7 }, (_, i) => i + 1);
  return {
    weekdaysShort: days.map((d) => (loc === 'en' ? at(short, 2023, 0, d).slice(0, 2) : at(short, 2023, 0, d))),
    weekdaysLong: days.map((d) => at(long, 2023, 0, d)),
    months: Array.from({ length: 12 }, (_, m) => at(month, 2023, m, 1)),
  };
}
const byLocale = new Map<string, ReturnType<typeof names>>();
function words() {
  const l = locale();
  let w = byLocale.get(l);
  if (!w) {
    w = names(l);
    byLocale.set(l, w);
  }
  return w;
}

export type Ymd = { y: number; m: number; d: number };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `{y, m, d}` (month 1–12) → `YYYY-MM-DD`. */
export function iso({ y, m, d }: Ymd): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** A real calendar date written `YYYY-MM-DD`, or null (also for 2024-02-30). */
export function parseIso(s: string | null | undefined): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m)) return null;
  return ymd;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fromUtc(t: Date): Ymd {
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function utc({ y, m, d }: Ymd): Date {
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y); // years 0–99 would otherwise be read as 1900–1999
  return t;
}

/** The day `n` days after (before, if negative) `day`. */
export function addDays(day: Ymd, n: number): Ymd {
  const t = utc(day);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

/** The same day `n` months later (earlier), kept within the month (Jan 31 + 1 → Feb 29). */
export function addMonths(day: Ymd, n: number): Ymd {
  const index = day.y * 12 + (day.m - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return { y, m, d: Math.min(day.d, daysInMonth(y, m)) };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: Ymd): number {
  return utc(day).getUTCDay();
}

/** Column of `day` in the grid (0–6). */
export function column(day: Ymd): number {
  return (weekday(day) - WEEK_STARTS_ON + 7) % 7;
}

export type Cell = { iso: string; day: number; inMonth: boolean };

/** The month of `y`-`m` as whole weeks (rows of 7), with the neighbouring months' days. */
export function monthWeeks(y: number, m: number): Cell[][] {
  const first = { y, m, d: 1 };
  let cursor = addDays(first, -column(first));
  const weeks: Cell[][] = [];
  const last = daysInMonth(y, m);
  const lead = column(first);
  const rows = Math.ceil((lead + last) / 7);
  for (let w = 0; w < rows; w++) {
    const week: Cell[] = [];
    for (let k = 0; k < 7; k++) {
      week.push({ iso: iso(cursor), day: cursor.d, inMonth: cursor.m === m && cursor.y === y });
      cursor = addDays(cursor, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** Column headings, from the first day of the week: [short, long]. */
export function weekdayNames(): [string, string][] {
  return Array.from({ length: 7 }, (_, k) => {
    const i = (k + WEEK_STARTS_ON) % 7;
    return [words().weekdaysShort[i], words().weekdaysLong[i]];
  });
}

export function monthName(m: number): string {
  return words().months[m - 1];
}

/** "Friday, 2024-11-08": what a screen reader says for a day of the grid. */
export function spokenDay(day: Ymd): string {
  return `${words().weekdaysLong[weekday(day)]}, ${iso(day)}`;
}

/** The computer's own date, `YYYY-MM-DD` — only where the app's `today` is unknown. */
export function localToday(): string {
  const t = new Date();
  return iso({ y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() });
}

// ---- Typing ----

/** Full-width digits and dashes (as a Chinese input method may give them) → ASCII. */
export function normalizeDigits(s: string): string {
  return s
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0D\u2010-\u2015\u2212]/g, '-');
}

const SEGMENT = [4, 2, 2];

/**
 * What the field shows after a keystroke at the end of `raw`: digits are grouped as
 * `YYYY-MM-DD`, the dashes put in for the person (`20241108` → `2024-11-08`); a dash they
 * type closes a one-digit month or day (`2024-1-` → `2024-01-`). With `eager`, a dash is
 * added as soon as the year or month is complete (`2024` → `2024-`). Anything other than
 * digits and dashes is left as typed, for the backend to name as a wrong date.
 */
export function formatTyped(raw: string, eager = false): string {
  const s = normalizeDigits(raw);
  if (!/^[0-9-]*$/.test(s)) return s;
  const done: string[] = [];
  let cur = '';
  for (const ch of s) {
    const seg = done.length;
    if (ch === '-') {
      if (cur === '' || seg >= 2) continue;
      if (seg > 0 && cur.length === 1) cur = `0${cur}`;
      if (seg === 0 && cur.length < 4) continue; // a year is four digits
      done.push(cur);
      cur = '';
      continue;
    }
    if (cur.length === SEGMENT[seg]) {
      if (seg >= 2) break;
      done.push(cur);
      cur = '';
    }
    cur += ch;
  }
  const seg = done.length;
  if (eager && seg < 2 && cur.length === SEGMENT[seg]) {
    done.push(cur);
    cur = '';
  }
  // Every finished part is followed by its dash.
  return done.map((part) => `${part}-`).join('') + cur;
}

/**
 * What the field keeps when the person leaves it: a one-digit month or day gets its zero
 * (`2024-1-5` → `2024-01-05`), eight digits get their dashes; anything else is left as it is.
 */
export function tidyDate(raw: string): string {
  const s = normalizeDigits(raw).trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return s;
}

/** The day a key moves the calendar's cursor to (arrows by day and week, Page Up/Down by
 *  month, with Shift by year, Home/End to the week's ends); null for any other key. */
export function dayForKey(cursor: Ymd, key: string, shift: boolean): Ymd | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(cursor, -1);
    case 'ArrowRight':
      return addDays(cursor, 1);
    case 'ArrowUp':
      return addDays(cursor, -7);
    case 'ArrowDown':
      return addDays(cursor, 7);
    case 'PageUp':
      return addMonths(cursor, shift ? -12 : -1);
    case 'PageDown':
      return addMonths(cursor, shift ? 12 : 1);
    case 'Home':
      return addDays(cursor, -column(cursor));
    case 'End':
      return addDays(cursor, 6 - column(cursor));
    default:
      return null;
  }
}

/** Where a popup of `size` goes under the field at `field` (over it when there is no room
 *  below), kept 8 px inside the window. */
export function popupPlace(
  field: { top: number; bottom: number; right: number },
  size: { width: number; height: number },
  view: { width: number; height: number },
): { top: number; left: number } {
  let top = field.bottom + 4;
  if (top + size.height > view.height - 8 && field.top - size.height - 4 >= 8) top = field.top - size.height - 4;
  const left = Math.max(8, Math.min(field.right - size.width, view.width - size.width - 8));
  return { top, left };
}
