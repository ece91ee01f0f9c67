import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { installBackend, invalid, reminder, type Backend } from './backend';
import type { Reminder } from '../src/api/reminders';
import { addDays, digitsFor, groupReminders, leadWords, snoozeUntil, tidyLeads, wholeDays, wordsOf } from '../src/lib/reminders';
import { setLocale } from '../src/lib/i18n.svelte';

// INFO.today is 2024-06-01. In the order the backend sends them (by deadline date, then
// reference), each with the group and words the core gives it on that day.
const LIST: Reminder[] = [
  reminder({
    item_id: 'id-1', reference: 'EXT-LATE', deadline_on: '2024-05-01', lead: -1, fire_on: '2024-05-02', state: 'fired', fired_at: '2024-05-02T08:00:00Z',
    group: 'overdue', words: { heading: 'Overdue', when: 'overdue by 31 days', state: 'Reminded', status: 'Reminded 2024-05-02' },
  }),
  reminder({
    item_id: 'id-5', reference: 'EXT-SNOOZED', deadline_on: '2024-05-20', lead: -1, fire_on: '2024-05-21', state: 'snoozed', snoozed_until: '2024-06-05',
    group: 'overdue', active: false,
    words: { heading: 'Overdue', when: 'overdue by 12 days', state: 'Snoozed until 2024-06-05', status: 'Snoozed until 2024-06-05' },
  }),
  reminder({
    item_id: 'id-6', reference: 'EXT-DONE', deadline_on: '2024-06-01', lead: 0, fire_on: '2024-06-01', state: 'done',
    group: 'due_today', active: false, words: { heading: 'Due today', when: 'today', state: 'Done', status: 'Done' },
  }),
  reminder({
    item_id: 'id-2', reference: 'IND-TODAY', kind: 'indictment', deadline: 'follow_up', deadline_on: '2024-06-01', lead: 0, fire_on: '2024-06-01',
    group: 'due_today', words: { heading: 'Due today', when: 'today', deadline: 'Follow-up', status: 'Next reminder 2024-06-01' },
  }),
  reminder({
    item_id: 'id-3', reference: 'SCH-WEEK', kind: 'scheduling', deadline: 'cadence', deadline_on: '2024-06-05', lead: 7, fire_on: '2024-05-29',
    group: 'this_week', words: { heading: 'This week', when: 'in 4 days', deadline: 'Follow-up (cadence)', status: 'Next reminder 2024-05-29' },
  }),
  reminder({
    item_id: 'id-4', reference: 'COM-LATER', kind: 'commitment', deadline_on: '2024-06-20', lead: 7, fire_on: '2024-06-13',
    group: 'later', words: { heading: 'Later', when: 'in 19 days', status: 'Next reminder 2024-06-13' },
  }),
];

const byRef = (ref: string) => LIST.find((r) => r.reference === ref) as Reminder;

describe('reminder helpers', () => {
  it('count days across months and years for the snooze dates', () => {
    expect(addDays('2024-06-01', 1)).toBe('2024-06-02');
    expect(addDays('2024-06-28', 7)).toBe('2024-07-05');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(snoozeUntil('2024-06-01', 'day')).toBe('2024-06-02');
    expect(snoozeUntil('2024-06-01', 'week')).toBe('2024-06-08');
    expect(snoozeUntil('2024-03-30', 'day')).toBe('2024-03-31');
  });

  it('lay out the backend’s groups in its order, with its headings, hiding snoozed and done unless asked', () => {
    const g = groupReminders(LIST);
    expect(g.map((x) => [x.group, x.heading, x.rows.map((r) => r.reference)])).toEqual([
      ['overdue', 'Overdue', ['EXT-LATE']],
      ['due_today', 'Due today', ['IND-TODAY']],
      ['this_week', 'This week', ['SCH-WEEK']],
      ['later', 'Later', ['COM-LATER']],
    ]);
    const all = groupReminders(LIST, true);
    expect(all[0].rows.map((r) => r.reference)).toEqual(['EXT-LATE', 'EXT-SNOOZED']);
    expect(all[1].rows.map((r) => r.reference)).toEqual(['EXT-DONE', 'IND-TODAY']);
    expect(groupReminders([])).toEqual([]);
    // Only snoozed and done ones in a group: the group is left out until they are shown.
    expect(groupReminders([byRef('EXT-DONE')])).toEqual([]);
  });

  it('take the headings and words in Chinese from the core when the window speaks Chinese', () => {
    const late = reminder({ group: 'overdue', words_zh: { heading: '已逾期', when: '已逾期 31 天' } });
    setLocale('zh-CN');
    try {
      expect(groupReminders([late]).map((g) => g.heading)).toEqual(['已逾期']);
      expect(wordsOf(late).when).toBe('已逾期 31 天');
    } finally {
      setLocale('en');
    }
    expect(groupReminders([late]).map((g) => g.heading)).toEqual(['Later']);
    expect(wordsOf(late).when).toBe('in 9 days');
  });

  it('read lead times and cadences as typed, leaving the limits to the backend', () => {
    expect(wholeDays(' 30 ')).toBe(30);
    expect(wholeDays('0')).toBe(0);
    expect(wholeDays('4000')).toBe(4000);
    for (const bad of ['', '-1', '1.5', 'x', '7d']) expect(wholeDays(bad)).toBeNull();
    expect(tidyLeads([0, 7, 1, 7])).toEqual([7, 1, 0]);
    expect(leadWords(7)).toBe('7 days before');
    expect(leadWords(1)).toBe('1 day before');
    expect(leadWords(0)).toBe('on the day');
    expect([digitsFor(365), digitsFor(3650)]).toEqual([3, 4]);
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
    expect(headings).toEqual(['Overdue', 'Due today', 'This week', 'Later']);
    expect(within(view).getAllByTestId('reminder-row').map((r) => r.dataset.reference)).toEqual(['EXT-LATE', 'IND-TODAY', 'SCH-WEEK', 'COM-LATER']);
    expect(within(within(view).getByRole('list', { name: 'Overdue' })).getAllByTestId('reminder-row')).toHaveLength(1);

    const late = rowOf(view, 'EXT-LATE');
    expect(late).toHaveTextContent('Due date');
    expect(late).toHaveTextContent('2024-05-01');
    expect(late).toHaveTextContent('overdue by 31 days');
    expect(late).toHaveTextContent('Reminded');
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
    installBackend({ handlers: { reminders: () => [byRef('EXT-SNOOZED')] } });
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
    expect(be.argsOf('snooze_reminder')[0]).toEqual({ key: keyOf(byRef('EXT-LATE')), until: '2024-06-02' });
    await user.click(within(rowOf(view, 'SCH-WEEK')).getByTestId('reminder-snooze-week'));
    await waitFor(() => expect(be.argsOf('snooze_reminder')).toHaveLength(2));
    expect(be.argsOf('snooze_reminder')[1]).toEqual({ key: keyOf(byRef('SCH-WEEK')), until: '2024-06-08' });
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
    await waitFor(() => expect(be.argsOf('snooze_reminder')).toEqual([{ key: keyOf(byRef('IND-TODAY')), until: '2024-07-15' }]));
    await waitFor(() => expect(within(row).queryByTestId('field-snooze-until')).toBeNull());
  });

  it('shows the backend’s refusal of a snooze next to the row', async () => {
    const be = installBackend({
      handlers: {
        reminders: () => LIST,
        snooze_reminder: () => {
          throw invalid([{ field: 'until', problem: { key: 'snooze_not_after_today', until: '2024-05-01', today: '2024-06-01' } }]);
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
    let badge = 2;
    const be = installBackend({
      handlers: {
        reminders: () => list,
        reminder_badge: () => badge,
        done_reminder: () => {
          list = list.map((r) => (r.item_id === 'id-1' ? { ...r, state: 'done', active: false, words: { ...r.words, state: 'Done', status: 'Done' } } : r));
          badge = 1;
          return null;
        },
      },
    });
    const { user, view } = await openReminders(be);
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('2'));
    await user.click(within(rowOf(view, 'EXT-LATE')).getByTestId('reminder-done'));
    await waitFor(() => expect(be.argsOf('done_reminder')).toEqual([{ key: keyOf(byRef('EXT-LATE')) }]));
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
  it('shows the backend’s count (overdue or due today, neither snoozed nor done), and refreshes on reminders-changed', async () => {
    let badge = 2;
    const be = installBackend({ handlers: { reminder_badge: () => badge } });
    render(App);
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('2'));
    badge = 3;
    const asked = be.argsOf('reminder_badge').length;
    await emit('reminders-changed');
    await waitFor(() => expect(be.argsOf('reminder_badge').length).toBeGreaterThan(asked));
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('3'));
    badge = 0;
    await emit('db-changed');
    await waitFor(() => expect(screen.queryByTestId('reminders-badge')).toBeNull());
  });

  it('reloads the open Reminders view on reminders-changed', async () => {
    let list = [byRef('EXT-LATE')];
    const be = installBackend({ handlers: { reminders: () => list } });
    const { view } = await openReminders(be);
    list = [byRef('EXT-LATE'), byRef('IND-TODAY')];
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
            { field: 'leads', problem: { key: 'lead_time_twice', days: 7 } },
            { field: 'cadence.scheduling', problem: { key: 'not_a_cadence', days: 0, min: 1, max: 3650 } },
          ]);
        },
      },
    });
    const { user, card } = await openSettings(be);
    await user.type(screen.getByTestId('field-cadence-scheduling'), '0');
    await user.click(screen.getByTestId('save-reminder-settings'));
    await waitFor(() => expect(within(card).getAllByTestId('form-error')).toHaveLength(2));
    const leadsErr = document.getElementById('leads-errors') as HTMLElement;
    expect(within(leadsErr).getByTestId('form-error')).toHaveTextContent('Lead times: 7 is given twice: each lead time once');
    const schErr = document.getElementById('cadence-scheduling-errors') as HTMLElement;
    expect(within(schErr).getByTestId('form-error')).toHaveTextContent('Scheduling request cadence: 0 is not a cadence: give whole days, 1 to 3650');
    expect(screen.getByTestId('field-cadence-scheduling')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the core’s limits and leaves the range to the backend, which names the field', async () => {
    const be = installBackend({
      handlers: {
        set_reminder_settings: () => {
          throw invalid([{ field: 'leads', problem: { key: 'not_a_lead_time', days: 400, min: 0, max: 365 } }]);
        },
      },
    });
    const { user, card } = await openSettings(be);
    expect(card).toHaveTextContent('at most 365');
    expect(card).toHaveTextContent('1 to 3650');
    expect(screen.getByTestId('field-lead-days')).toHaveAttribute('maxlength', '3');
    expect(screen.getByTestId('field-cadence-scheduling')).toHaveAttribute('maxlength', '4');
    await user.type(screen.getByTestId('field-lead-days'), '400');
    await user.click(screen.getByTestId('add-lead'));
    await user.click(screen.getByTestId('save-reminder-settings'));
    await waitFor(() => expect(be.argsOf('set_reminder_settings')).toEqual([{ settings: { lead_days: [400, 7, 1, 0], cadences: [{ kind: 'extradition', days: 30 }] } }]));
    const leadsErr = document.getElementById('leads-errors') as HTMLElement;
    expect(await within(leadsErr).findByTestId('form-error')).toHaveTextContent('Lead times: 400 is not a lead time');
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
          reminder({ deadline: 'due', deadline_on: '2024-09-01', lead: 7, fire_on: '2024-08-25', words: { when: 'in 92 days', status: 'Next reminder 2024-08-25' } }),
          reminder({
            deadline: 'follow_up', deadline_on: '2024-06-05', lead: 7, state: 'snoozed', snoozed_until: '2024-06-03', group: 'this_week', active: false,
            words: { heading: 'This week', when: 'in 4 days', deadline: 'Follow-up', state: 'Snoozed until 2024-06-03', status: 'Snoozed until 2024-06-03' },
          }),
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

    answer = invalid([{ field: 'follow_up_on', problem: { key: 'before_transmitted', date: '2020-01-01', transmitted: '2021-03-01' } }]);
    await fireEvent.input(within(detail).getByTestId('field-quick-follow_up_on'), { target: { value: '2020-01-01' } });
    await user.click(within(detail).getByTestId('save-follow-up'));
    expect(await within(detail).findByTestId('form-error')).toHaveTextContent('Follow-up date: 2020-01-01 is before');
  });
});
