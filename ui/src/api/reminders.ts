// Deadline reminders: what is overdue or due soon with its state, one item's deadlines,
// snoozing and marking done, the lead-time and cadence settings, and the calendar export.

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import {
  commands,
  type Group,
  type ReminderKey,
  type ReminderSettingsView,
  type ShownReminder_Serialize,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { Deadline, KindCadence, ReminderKey, ReminderState, ReminderWords } from '../bindings/bindings';
/** One deadline of one item as the backend sends it: its facts, its `group` and `active`
 *  (neither snoozed nor done), and its `words` (the group's heading, "overdue by 1 day",
 *  "Snoozed until …"), all decided by the core. */
export type Reminder = ShownReminder_Serialize;
/** The Reminders view's groups: overdue, due today, this week, later. */
export type ReminderGroup = Group;
export type ReminderSettings = ReminderSettingsView;

/** Overdue deadlines and those due within `withinDays` days, with their state, by date. */
export const loadReminders = (withinDays: number) => unwrap(commands.reminders(withinDays));

/** How many reminders the navigation's badge counts (overdue or due today, neither
 *  snoozed nor done). */
export const reminderBadge = () => unwrap(commands.reminderBadge());

/** One item's deadlines and their state. */
export const itemReminders = (id: string) => unwrap(commands.itemReminders(id));

/** The key naming a reminder, taken from the reminder as the backend sent it. */
export function keyOf(r: Reminder): ReminderKey {
  return { item_id: r.item_id, deadline: r.deadline, deadline_on: r.deadline_on, lead: r.lead };
}

/** Snoozes a deadline's reminders until `until` (YYYY-MM-DD, after today). */
export const snoozeReminder = (r: Reminder, until: string) => unwrap(commands.snoozeReminder(keyOf(r), until));

/** Marks a deadline done. */
export const doneReminder = (r: Reminder) => unwrap(commands.doneReminder(keyOf(r)));

export const reminderSettings = () => unwrap(commands.reminderSettings());

/** Saves lead times and cadences; fails with `invalid` naming `leads` or `cadence.<kind>`. */
export const setReminderSettings = (s: ReminderSettings) => unwrap(commands.setReminderSettings(s));

/** Shows the native Save dialog (from Rust) and writes the .ics; `null` when cancelled. */
export const exportCalendar = () => unwrap(commands.exportCalendar());

/** Calls `handler` whenever reminders fired, were snoozed or done, or settings changed. */
export function onRemindersChanged(handler: () => void): Promise<UnlistenFn> {
  return listen('reminders-changed', () => handler());
}
