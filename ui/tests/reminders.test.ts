import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { installBackend, invalid, reminder, type Backend } from './backend';
import type { Reminder } from '../src/api/reminders';
import {
  addDays,
  badgeCount,
  daysUntil,
  groupOf,
  groupReminders,
  leadWords,
  relativeWords,
  snoozeUntil,
  tidyLeads,
  wholeDays,
} from '../src/lib/reminders';

// INFO.today is 2024-06-01.
const LIST: Reminder[] = [
  reminder({ item_id: 'id-1', reference: 'EXT-LATE', deadline_on: '2024-05-01', lead: -1, state: 'fired', fired_at: '2024-05-02T08:00:00Z' }),
  reminder({ item_id: 'id-2', reference: 'IND-TODAY', kind: 'indictment', deadline: 'follow_up', deadline_on: '2024-06-01', lead: 0 }),
  reminder({ item_id: 'id-3', reference: 'SCH-WEEK', kind: 'scheduling', deadline: 'cadence', deadline_on: '2024-06-05', lead: 7 }),
  reminder({ item_id: 'id-4', reference: 'COM-LATER', kind: 'commitment', deadline_on: '2024-06-20', lead: 7 }),
  reminder({ item_id: 'id-5', reference: 'EXT-SNOOZED', deadline_on: '2024-05-20', lead: -1, state: 'snoozed', snoozed_until: '2024-06-05' }),
  reminder({ item_id: 'id-6', reference: 'EXT-DONE', deadline_on: '2024-06-01', lead: 0, state: 'done' }),
];

describe('reminder helpers', () => {
  it('count days across months and years', () => {
    expect(addDays('2024-06-01', 1)).toBe('2024-06-02');
    expect(addDays('2024-06-28', 7)).toBe('2024-07-05');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysUntil('2024-06-10', '2024-06-01')).toBe(9);
    expect(daysUntil('2024-05-01', '2024-06-01')).toBe(-31);
    expect(snoozeUntil('2024-06-01', 'day')).toBe('2024-06-02');
    expect(snoozeUntil('2024-06-01', 'week')).toBe('2024-06-08');
    expect(snoozeUntil('2024-03-30', 'day')).toBe('2024-03-31');
  });

  it('group and word deadlines relative to today', () => {
    expect(groupOf('2024-05-31', '2024-06-01')).toBe('overdue');
    expect(groupOf('2024-06-01', '2024-06-01')).toBe('today');
    expect(groupOf('2024-06-02', '2024-06-01')).toBe('week');
    expect(groupOf('2024-06-08', '2024-06-01')).toBe('week');
    expect(groupOf('2024-06-09', '2024-06-01')).toBe('later');
    expect(relativeWords('2024-06-01', '2024-06-01')).toBe('today');
    expect(relativeWords('2024-06-02', '2024-06-01')).toBe('in 1 day');
    expect(relativeWords('2024-06-05', '2024-06-01')).toBe('in 4 days');
    expect(relativeWords('2024-05-31', '2024-06-01')).toBe('1 day overdue');
    expect(relativeWords('2024-05-01', '2024-06-01')).toBe('31 days overdue');
  });

  it('hide snoozed and done unless asked, and count the badge', () => {
    const g = groupReminders(LIST, '2024-06-01');
    expect(g.map((x) => [x.group, x.rows.map((r) => r.reference)])).toEqual([
      ['overdue', ['EXT-LATE']],
      ['today', ['IND-TODAY']],
      ['week', ['SCH-WEEK']],
      ['later', ['COM-LATER']],
    ]);
    const all = groupReminders(LIST, '2024-06-01', true);
    expect(all[0].rows.map((r) => r.reference)).toEqual(['EXT-LATE', 'EXT-SNOOZED']);
    expect(all[1].rows.map((r) => r.reference)).toEqual(['EXT-DONE', 'IND-TODAY']);
    expect(badgeCount(LIST, '2024-06-01')).toBe(2);
    expect(groupReminders([], '2024-06-01')).toEqual([]);
  });

  it('read lead times and cadences', () => {
    expect(wholeDays(' 30 ')).toBe(30);
    expect(wholeDays('0')).toBe(0);
    for (const bad of ['', '-1', '1.5', 'x', '7d']) expect(wholeDays(bad)).toBeNull();
    expect(tidyLeads([0, 7, 1, 7])).toEqual([7, 1, 0]);
    expect(leadWords(7)).toBe('7 days before');
    expect(leadWords(1)).toBe('1 day before');
    expect(leadWords(0)).toBe('on the day');
  });
});

async function openReminders(be: Backend) {
  const user = userEvent.setup();
  render(App);
  await user.click(screen.getByTestId('nav-reminders'));
  const view = await screen.findByTestId('reminders-view');
  await waitFor(() => expect(within(view).getAllByTestId('reminder-row').length).toBeGreaterThan(0));
  void be;
  return { user, view };
}

const rowOf = (view: HTMLElement, ref: string) =>
  within(view).getAllByTestId('reminder-row').find((r) => r.dataset.reference === ref) as HTMLElement;

const keyOf = (r: Reminder) => ({ item_id: r.item_id, deadline: r.deadline, deadline_on: r.deadline_on, lead: r.lead });

describe('the Reminders view', () => {
  it('groups the deadlines, words them, and hides snoozed and done ones until asked', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST } });
    const { user, view } = await openReminders(be);
    expect(be.argsOf('reminders').at(-1)).toEqual({ withinDays: 14 });
    const headings = within(view).getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.replace(/\s*\d+$/, '').trim());
    expect(headings).toEqual(['Overdue', 'Due today', 'Due this week', 'Later']);
    expect(within(view).getAllByTestId('reminder-row').map((r) => r.dataset.reference)).toEqual(['EXT-LATE', 'IND-TODAY', 'SCH-WEEK', 'COM-LATER']);
    expect(within(within(view).getByRole('list', { name: 'Overdue' })).getAllByTestId('reminder-row')).toHaveLength(1);

    const late = rowOf(view, 'EXT-LATE');
    expect(late).toHaveTextContent('Due date');
    expect(late).toHaveTextContent('2024-05-01');
    expect(late).toHaveTextContent('31 days overdue');
    expect(rowOf(view, 'IND-TODAY')).toHaveTextContent('Follow-up');
    expect(rowOf(view, 'IND-TODAY')).toHaveTextContent('today');
    expect(rowOf(view, 'SCH-WEEK')).toHaveTextContent('Follow-up (cadence)');
    expect(rowOf(view, 'SCH-WEEK')).toHaveTextContent('in 4 days');
    expect(rowOf(view, 'COM-LATER')).toHaveTextContent('in 19 days');

    await user.click(screen.getByTestId('reminders-show-hidden'));
    await waitFor(() => expect(within(view).getAllByTestId('reminder-row')).toHaveLength(6));
    expect(rowOf(view, 'EXT-SNOOZED')).toHaveClass('inactive');
    expect(rowOf(view, 'EXT-SNOOZED')).toHaveTextContent('Snoozed until 2024-06-05');
    expect(rowOf(view, 'EXT-DONE')).toHaveClass('inactive');
    expect(rowOf(view, 'EXT-LATE')).not.toHaveClass('inactive');

    await user.selectOptions(screen.getByTestId('reminders-within'), '30');
    await waitFor(() => expect(be.argsOf('reminders').at(-1)).toEqual({ withinDays: 30 }));
  });

  it('teaches when there is nothing to show', async () => {
    installBackend({ handlers: { reminders: () => [LIST[4]] } });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-reminders'));
    const empty = await screen.findByTestId('reminders-empty');
    expect(empty).toHaveTextContent('Nothing is overdue or due in the next 14 days');
    expect(empty).toHaveTextContent('Set follow-up');
    expect(empty).toHaveTextContent('1 snoozed or done reminder is hidden');
    expect(screen.queryByTestId('reminder-row')).toBeNull();
  });

  it('snoozes a day and a week from the backend’s today, with the reminder’s key', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST } });
    const { user, view } = await openReminders(be);
    await user.click(within(rowOf(view, 'EXT-LATE')).getByTestId('reminder-snooze-day'));
    await waitFor(() => expect(be.argsOf('snooze_reminder')).toHaveLength(1));
    expect(be.argsOf('snooze_reminder')[0]).toEqual({ key: keyOf(LIST[0]), until: '2024-06-02' });
    await user.click(within(rowOf(view, 'SCH-WEEK')).getByTestId('reminder-snooze-week'));
    await waitFor(() => expect(be.argsOf('snooze_reminder')).toHaveLength(2));
    expect(be.argsOf('snooze_reminder')[1]).toEqual({ key: keyOf(LIST[2]), until: '2024-06-08' });
  });

  it('snoozes to a chosen date', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST } });
    const { user, view } = await openReminders(be);
    const row = rowOf(view, 'IND-TODAY');
    await user.click(within(row).getByTestId('reminder-snooze-date'));
    const field = within(row).getByTestId('field-snooze-until');
    expect(field).toHaveValue('2024-06-08');
    await fireEvent.input(field, { target: { value: '2024-07-15' } });
    await user.click(within(row).getByTestId('reminder-snooze-save'));
    await waitFor(() => expect(be.argsOf('snooze_reminder')).toEqual([{ key: keyOf(LIST[1]), until: '2024-07-15' }]));
    await waitFor(() => expect(within(row).queryByTestId('field-snooze-until')).toBeNull());
  });

  it('shows the backend’s refusal of a snooze next to the row', async () => {
    const be = installBackend({
      handlers: {
        reminders: () => LIST,
        snooze_reminder: () => {
          throw invalid([{ field: 'until', message: '2024-05-01 is not after today (2024-06-01)' }]);
        },
      },
    });
    const { user, view } = await openReminders(be);
    const row = rowOf(view, 'IND-TODAY');
    await user.click(within(row).getByTestId('reminder-snooze-date'));
    await fireEvent.input(within(row).getByTestId('field-snooze-until'), { target: { value: '2024-05-01' } });
    await user.click(within(row).getByTestId('reminder-snooze-save'));
    expect(await within(row).findByTestId('form-error')).toHaveTextContent('not after today');
    expect(within(row).getByTestId('field-snooze-until')).toBeInTheDocument();
  });

  it('marks done, then reloads the list and the badge', async () => {
    let list = LIST;
    const be = installBackend({
      handlers: {
        reminders: () => list,
        done_reminder: () => {
          list = list.map((r) => (r.item_id === 'id-1' ? { ...r, state: 'done' } : r));
          return null;
        },
      },
    });
    const { user, view } = await openReminders(be);
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('2'));
    await user.click(within(rowOf(view, 'EXT-LATE')).getByTestId('reminder-done'));
    await waitFor(() => expect(be.argsOf('done_reminder')).toEqual([{ key: keyOf(LIST[0]) }]));
    await waitFor(() => expect(within(view).getAllByTestId('reminder-row').map((r) => r.dataset.reference)).not.toContain('EXT-LATE'));
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('1'));
  });

  it('opens the item in Items', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST } });
    const { user, view } = await openReminders(be);
    await user.click(within(rowOf(view, 'SCH-WEEK')).getByTestId('reminder-open'));
    expect(await screen.findByTestId('item-detail')).toBeInTheDocument();
    expect(be.argsOf('get_item').at(-1)).toEqual({ id: 'id-3' });
    expect(screen.getByTestId('nav-items')).toHaveAttribute('aria-current', 'page');
  });

  it('exports the calendar and says where it was saved', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST, export_calendar: () => '/home/desk/deadlines.ics' } });
    const { user } = await openReminders(be);
    await user.click(screen.getByTestId('reminders-export'));
    expect(await screen.findByTestId('reminders-export-result')).toHaveTextContent('Saved to /home/desk/deadlines.ics');
    expect(be.argsOf('export_calendar')).toHaveLength(1);
  });

  it('says so when the export was cancelled', async () => {
    const be = installBackend({ handlers: { reminders: () => LIST } });
    const { user } = await openReminders(be);
    await user.click(screen.getByTestId('reminders-export'));
    expect(await screen.findByTestId('reminders-export-result')).toHaveTextContent('cancelled');
  });
});

describe('the badge', () => {
  it('counts overdue and due-today reminders not snoozed or done, and refreshes on reminders-changed', async () => {
    let list = LIST;
    const be = installBackend({ handlers: { reminders: () => list } });
    render(App);
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('2'));
    list = [...LIST, reminder({ item_id: 'id-9', reference: 'NEW', deadline_on: '2024-05-30', lead: -1, state: 'fired' })];
    const asked = be.argsOf('reminders').length;
    await emit('reminders-changed');
    await waitFor(() => expect(be.argsOf('reminders').length).toBeGreaterThan(asked));
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('3'));
    list = [];
    await emit('db-changed');
    await waitFor(() => expect(screen.queryByTestId('reminders-badge')).toBeNull());
  });

  it('reloads the open Reminders view on reminders-changed', async () => {
    let list = [LIST[0]];
    const be = installBackend({ handlers: { reminders: () => list } });
    const { view } = await openReminders(be);
    list = [LIST[0], LIST[1]];
    await emit('reminders-changed');
    await waitFor(() => expect(within(view).getAllByTestId('reminder-row')).toHaveLength(2));
  });
});

describe('reminder settings', () => {
  async function openSettings(be: Backend) {
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('reminder-settings');
    await waitFor(() => expect(within(card).getAllByTestId('lead-day')).toHaveLength(3));
    void be;
    return { user, card };
  }

  it('shows the lead times and cadences, and saves changes', async () => {
    const be = installBackend();
    const { user, card } = await openSettings(be);
    expect(card).toHaveTextContent('overdue reminder always follows');
    expect(within(card).getAllByTestId('lead-day').map((l) => l.dataset.days)).toEqual(['7', '1', '0']);
    expect(screen.getByTestId('field-cadence-extradition')).toHaveValue('30');
    expect(screen.getByTestId('field-cadence-indictment')).toHaveValue('');

    await user.click(within(card).getAllByTestId('remove-lead')[1]);
    await user.type(screen.getByTestId('field-lead-days'), '14');
    await user.click(screen.getByTestId('add-lead'));
    expect(within(card).getAllByTestId('lead-day').map((l) => l.dataset.days)).toEqual(['14', '7', '0']);
    await user.clear(screen.getByTestId('field-cadence-extradition'));
    await user.type(screen.getByTestId('field-cadence-commitment'), '60');
    await user.click(screen.getByTestId('save-reminder-settings'));
    await waitFor(() =>
      expect(be.argsOf('set_reminder_settings')).toEqual([{ settings: { lead_days: [14, 7, 0], cadences: [{ kind: 'commitment', days: 60 }] } }]),
    );
    expect(await within(card).findByText('Saved.')).toBeInTheDocument();
  });

  it('shows the backend’s field errors next to the fields', async () => {
    const be = installBackend({
      handlers: {
        set_reminder_settings: () => {
          throw invalid([
            { field: 'leads', message: 'at most 10 lead times' },
            { field: 'cadence.scheduling', message: 'must be at least 1 day' },
          ]);
        },
      },
    });
    const { user, card } = await openSettings(be);
    await user.type(screen.getByTestId('field-cadence-scheduling'), '0');
    await user.click(screen.getByTestId('save-reminder-settings'));
    await waitFor(() => expect(within(card).getAllByTestId('form-error')).toHaveLength(2));
    const leadsErr = document.getElementById('leads-errors') as HTMLElement;
    expect(within(leadsErr).getByTestId('form-error')).toHaveTextContent('Lead times: at most 10 lead times');
    const schErr = document.getElementById('cadence-scheduling-errors') as HTMLElement;
    expect(within(schErr).getByTestId('form-error')).toHaveTextContent('Scheduling request cadence: must be at least 1 day');
    expect(screen.getByTestId('field-cadence-scheduling')).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses a lead time that is not a whole number of days without asking the backend', async () => {
    const be = installBackend();
    const { user, card } = await openSettings(be);
    await user.type(screen.getByTestId('field-lead-days'), '1.5');
    await user.click(screen.getByTestId('add-lead'));
    expect(within(card).getByTestId('form-error')).toHaveTextContent('whole number');
    expect(within(card).getAllByTestId('lead-day')).toHaveLength(3);
    expect(be.argsOf('set_reminder_settings')).toHaveLength(0);
  });
});

describe('reminders in the item detail', () => {
  async function openFirst() {
    const user = userEvent.setup();
    render(App);
    const [first] = await screen.findAllByTestId('item-row');
    await user.click(first);
    const detail = await screen.findByTestId('item-detail');
    await within(detail).findByTestId('explanation');
    return { user, detail };
  }

  it('lists the item’s deadlines with their state', async () => {
    const be = installBackend({
      handlers: {
        item_reminders: () => [
          reminder({ deadline: 'due', deadline_on: '2024-09-01', lead: 7, fire_on: '2024-08-25' }),
          reminder({ deadline: 'follow_up', deadline_on: '2024-06-05', lead: 7, state: 'snoozed', snoozed_until: '2024-06-03' }),
        ],
      },
    });
    const { detail } = await openFirst();
    const section = within(detail).getByTestId('item-reminders');
    await waitFor(() => expect(within(section).getAllByTestId('item-reminder')).toHaveLength(2));
    const [due, follow] = within(section).getAllByTestId('item-reminder');
    expect(due).toHaveTextContent('Due date');
    expect(due).toHaveTextContent('2024-09-01');
    expect(due).toHaveTextContent('Next reminder 2024-08-25');
    expect(follow).toHaveTextContent('Follow-up');
    expect(follow).toHaveTextContent('Snoozed until 2024-06-03');
    expect(be.argsOf('item_reminders').at(-1)).toEqual({ id: 'id-0' });
  });

  it('sets the follow-up date with the version read', async () => {
    const be = installBackend({ handlers: { update_item: () => ({}) } });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('set-follow-up'));
    const field = within(detail).getByTestId('field-quick-follow_up_on');
    await fireEvent.input(field, { target: { value: '2024-06-15' } });
    await user.click(within(detail).getByTestId('save-follow-up'));
    await waitFor(() => expect(be.argsOf('update_item')).toHaveLength(1));
    const args = be.argsOf('update_item')[0];
    expect(args.id).toBe('id-0');
    expect(args.version).toBe(7);
    // Only the date: the other fields stay as they are (the version read guards them).
    expect(args.input).toEqual({ follow_up_on: '2024-06-15' });
    await waitFor(() => expect(within(detail).queryByTestId('field-quick-follow_up_on')).toBeNull());
  });

  it('shows a conflict as the edit form does, and a field error next to the date', async () => {
    let answer: unknown = { code: 'conflict', message: 'the item was changed by someone else', fields: [] };
    const be = installBackend({
      handlers: {
        update_item: () => {
          throw answer;
        },
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('set-follow-up'));
    await fireEvent.input(within(detail).getByTestId('field-quick-follow_up_on'), { target: { value: '2024-06-15' } });
    await user.click(within(detail).getByTestId('save-follow-up'));
    expect(await within(detail).findByTestId('conflict')).toHaveTextContent('Someone else changed this item');
    const gets = be.argsOf('get_item').length;
    await user.click(within(detail).getByTestId('reload-item'));
    await waitFor(() => expect(be.argsOf('get_item').length).toBe(gets + 1));

    answer = invalid([{ field: 'follow_up_on', message: '2020-01-01 is before the transmitted date 2021-03-01' }]);
    await fireEvent.input(within(detail).getByTestId('field-quick-follow_up_on'), { target: { value: '2020-01-01' } });
    await user.click(within(detail).getByTestId('save-follow-up'));
    expect(await within(detail).findByTestId('form-error')).toHaveTextContent('Follow-up date: 2020-01-01 is before');
  });
});
