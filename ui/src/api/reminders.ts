// What is overdue or due soon, for the Reminders view.
//
// TEMPORARY, until the backend has a reminders command (a later issue): built from
// `listItems`. Overdue items are those the backend flags (`overdue: true`). "Due soon"
// are the open items that follow them in due-date order: since an overdue item is an open
// item whose due date is before today, the open items sorted by due date begin with
// exactly the overdue ones, so the due-soon page starts at offset = number overdue. The
// cut-off date (today + `withinDays`) is computed here, from the backend's `today`,
// because `ListQuery` has no due-before filter; the views never do date arithmetic.

import { listItems, type ItemRow, type ListQuery } from './items';

export const REMINDER_LIMIT = 200;

export type Reminders = {
  overdue: ItemRow[];
  overdueTotal: number;
  dueSoon: ItemRow[];
  withinDays: number;
  /** The last day counted as "due soon", YYYY-MM-DD. */
  until: string;
};

const base: ListQuery = {
  kind: null,
  status: null,
  open: true,
  overdue: false,
  counterpart: null,
  search: null,
  sort: 'due_on',
  descending: false,
  offset: 0,
  limit: REMINDER_LIMIT,
};

/** `day` (YYYY-MM-DD) plus `n` calendar days, as YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

export async function loadReminders(today: string, withinDays = 14): Promise<Reminders> {
  const overdue = await listItems({ ...base, overdue: true });
  const until = addDays(today, withinDays);
  const next = await listItems({ ...base, offset: overdue.total });
  const dueSoon = next.rows.filter((r) => !r.overdue && r.due_on !== null && r.due_on <= until);
  return { overdue: overdue.rows, overdueTotal: overdue.total, dueSoon, withinDays, until };
}
