// The Reminders view's layout and the dates a snooze sends. The groups, their headings
// and every reminder's words come from the backend (the core decides them: `group`,
// `active`, `words`); this only lays them out. Pure: `today` (the backend's
// `appInfo().today`) is passed in.

import { LL, isZh } from './i18n.svelte';
import { addDays as addYmd, iso, parseIso } from './calendar';
import type { Reminder, ReminderGroup } from '../api/reminders';

/** A reminder's words (heading, when, deadline, state, status) in the window's language:
 *  the core sends both. */
export const wordsOf = (r: Reminder): Reminder['words'] => (isZh() ? r.words_zh : r.words);

/** `day` (YYYY-MM-DD) plus `n` calendar days, as YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const p = parseIso(day);
  if (!p) throw new Error(`not a date: ${day}`);
  return iso(addYmd(p, n));
}

export type Grouped = { group: ReminderGroup; heading: string; rows: Reminder[] }[];

/** The reminders in the backend's groups and order (it sends them by date, so the groups
 *  come in their order), empty groups left out; snoozed and done ones only when
 *  `showHidden`. */
export function groupReminders(list: readonly Reminder[], showHidden = false): Grouped {
  const by = new Map<ReminderGroup, Grouped[number]>();
  for (const r of list) {
    if (!showHidden && !r.active) continue;
    const g = by.get(r.group);
    if (g) g.rows.push(r);
    else by.set(r.group, { group: r.group, heading: wordsOf(r).heading, rows: [r] });
  }
  return [...by.values()];
}

export type SnoozeChoice = 'day' | 'week';

/** The day a quick snooze runs until: today + 1 or today + 7. */
export function snoozeUntil(today: string, choice: SnoozeChoice): string {
  return addDays(today, choice === 'day' ? 1 : 7);
}

/** Lead times as the settings show them: whole days, largest first, no repeats. */
export function tidyLeads(leads: readonly number[]): number[] {
  return [...new Set(leads)].sort((a, b) => b - a);
}

/** A lead time being edited (whole days before a deadline, 0 or more), in the words the
 *  core uses for a lead: "7 days before", "1 day before", "on the day". */
export function leadWords(days: number): string {
  if (days === 0) return LL.reminders.onTheDay();
  return LL.reminders.daysBefore(days);
}

/** A count of whole days as typed ("7", " 30 "), or null when it is not one (e.g. "1.5",
 *  "-2", "x"). Empty text is null too; callers decide what empty means. Whether the count
 *  is within the limits is the backend's to say. */
export function wholeDays(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : null;
}

/** How many digits an input of whole days needs for numbers up to `max` (its `maxlength`). */
export const digitsFor = (max: number): number => String(max).length;
