// The Reminders view's words and groups, and the dates a snooze sends. Pure: `today` (the
// backend's `appInfo().today`) is passed in; views call these and never compute dates.

import { addDays as addYmd, iso, parseIso } from './calendar';
import type { Deadline, Reminder } from '../api/reminders';

export type Group = 'overdue' | 'today' | 'week' | 'later';

export const GROUPS: readonly Group[] = ['overdue', 'today', 'week', 'later'];

export const GROUP_LABEL: Record<Group, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  week: 'Due this week',
  later: 'Later',
};

export const DEADLINE_LABEL: Record<Deadline, string> = {
  due: 'Due date',
  follow_up: 'Follow-up',
  cadence: 'Follow-up (cadence)',
};

export const STATE_LABEL: Record<Reminder['state'], string> = {
  pending: 'Pending',
  fired: 'Reminded',
  snoozed: 'Snoozed',
  done: 'Done',
};

const DAY_MS = 86_400_000;

function utc(day: string): number {
  const p = parseIso(day);
  if (!p) throw new Error(`not a date: ${day}`);
  return Date.UTC(p.y, p.m - 1, p.d);
}

/** `day` (YYYY-MM-DD) plus `n` calendar days, as YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const p = parseIso(day);
  if (!p) throw new Error(`not a date: ${day}`);
  return iso(addYmd(p, n));
}

/** Whole days from `today` to `day` (negative when `day` is past). */
export function daysUntil(day: string, today: string): number {
  return Math.round((utc(day) - utc(today)) / DAY_MS);
}

/** Overdue (before today), today, within the next 7 days, or later. */
export function groupOf(deadlineOn: string, today: string): Group {
  const n = daysUntil(deadlineOn, today);
  if (n < 0) return 'overdue';
  if (n === 0) return 'today';
  if (n <= 7) return 'week';
  return 'later';
}

/** "today", "in 1 day", "in 5 days", "1 day overdue", "12 days overdue". */
export function relativeWords(deadlineOn: string, today: string): string {
  const n = daysUntil(deadlineOn, today);
  if (n === 0) return 'today';
  const abs = Math.abs(n);
  const unit = abs === 1 ? 'day' : 'days';
  return n > 0 ? `in ${abs} ${unit}` : `${abs} ${unit} overdue`;
}

/** Snoozed and done reminders are hidden unless asked for. */
export function isActive(r: Pick<Reminder, 'state'>): boolean {
  return r.state !== 'snoozed' && r.state !== 'done';
}

export type Grouped = { group: Group; rows: Reminder[] }[];

/** The reminders in their groups (earliest deadline first within each), empty groups left
 *  out; snoozed and done ones only when `showHidden`. */
export function groupReminders(list: readonly Reminder[], today: string, showHidden = false): Grouped {
  const by: Record<Group, Reminder[]> = { overdue: [], today: [], week: [], later: [] };
  for (const r of list) {
    if (!showHidden && !isActive(r)) continue;
    by[groupOf(r.deadline_on, today)].push(r);
  }
  return GROUPS.filter((g) => by[g].length > 0).map((g) => ({
    group: g,
    rows: [...by[g]].sort((a, b) => a.deadline_on.localeCompare(b.deadline_on) || a.reference.localeCompare(b.reference)),
  }));
}

/** The badge: reminders overdue or due today that are neither snoozed nor done. */
export function badgeCount(list: readonly Reminder[], today: string): number {
  return list.filter((r) => isActive(r) && daysUntil(r.deadline_on, today) <= 0).length;
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

/** "7 days before", "1 day before", "on the day". */
export function leadWords(days: number): string {
  if (days === 0) return 'on the day';
  if (days < 0) return 'when overdue';
  return `${days} ${days === 1 ? 'day' : 'days'} before`;
}

/** A count of whole days as typed ("7", " 30 "), or null when it is not one (e.g. "1.5",
 *  "-2", "x"). Empty text is null too; callers decide what empty means. */
export function wholeDays(text: string): number | null {
  const t = text.trim();
  return /^\d{1,5}$/.test(t) ? Number(t) : null;
}
