import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import Harness from './DateFieldHarness.svelte';
import { addMonths, formatTyped, monthWeeks, parseIso, tidyDate } from '../src/lib/calendar';

function setup(props: { initial?: string; today?: string } = {}) {
  const user = userEvent.setup();
  render(Harness, { props });
  const input = screen.getByTestId('field-due_on') as HTMLInputElement;
  const bound = () => screen.getByTestId('bound').textContent;
  return { user, input, bound };
}

/** What the end-to-end tests do: the value setter, then `input` and `change`. */
function setByScript(el: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')!.set!;
  setter.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('the date field', () => {
  it('is a text input for YYYY-MM-DD that keeps its test id and label', () => {
    const { input } = setup();
    expect(input).toHaveAttribute('type', 'text');
    expect(input).toHaveAttribute('placeholder', 'YYYY-MM-DD');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('maxlength', '10');
    expect(screen.getByLabelText('Due date')).toBe(input);
    const pick = screen.getByRole('button', { name: 'Choose a date' });
    expect(pick).toHaveAttribute('type', 'button');
    expect(pick).toHaveAttribute('aria-expanded', 'false');
  });

  it('accepts a typed YYYY-MM-DD as it is', async () => {
    const { user, input, bound } = setup();
    await user.type(input, '2024-11-08');
    expect(input).toHaveValue('2024-11-08');
    expect(bound()).toBe('2024-11-08');
  });

  it('puts in the dashes when only digits are typed, and lets Backspace take them out', async () => {
    const { user, input, bound } = setup();
    await user.type(input, '2024');
    expect(input).toHaveValue('2024-');
    await user.type(input, '1108');
    expect(input).toHaveValue('2024-11-08');
    expect(bound()).toBe('2024-11-08');
    await user.type(input, '9'); // a day has two digits
    expect(input).toHaveValue('2024-11-08');
    await user.type(input, '{Backspace}{Backspace}{Backspace}');
    expect(input).toHaveValue('2024-11');
    await user.type(input, '{Backspace}{Backspace}{Backspace}');
    expect(input).toHaveValue('2024');
  });

  it('completes a one-digit month and day when the field is left', async () => {
    const { user, input, bound } = setup();
    await user.type(input, '2024-1-5');
    expect(input).toHaveValue('2024-01-5');
    await user.tab();
    expect(input).toHaveValue('2024-01-05');
    expect(bound()).toBe('2024-01-05');
  });

  it('leaves other text as typed, for the backend to name as a wrong date', async () => {
    const { user, input, bound } = setup();
    await user.type(input, '11/08/2024');
    await user.tab();
    expect(input).toHaveValue('11/08/2024');
    expect(bound()).toBe('11/08/2024');
  });

  it('takes a value set by a script with input and change events', async () => {
    const { input, bound } = setup({ initial: '2024-01-01' });
    setByScript(input, '2024-11-08');
    expect(input.value).toBe('2024-11-08');
    await tick();
    expect(bound()).toBe('2024-11-08');
    setByScript(input, '');
    await tick();
    expect(bound()).toBe('');
  });

  it('shows a value given from outside', async () => {
    const { user, input } = setup({ initial: '2024-06-30' });
    expect(input).toHaveValue('2024-06-30');
    await user.click(screen.getByRole('button', { name: 'Set from outside' }));
    expect(input).toHaveValue('2023-01-31');
  });

  it("opens a calendar on the field's month and shows the day chosen there as YYYY-MM-DD", async () => {
    const { user, input, bound } = setup({ initial: '2024-11-08' });
    await user.click(screen.getByRole('button', { name: 'Choose a date' }));
    const calendar = screen.getByRole('dialog', { name: 'Choose a date' });
    expect(screen.getByRole('button', { name: 'Choose a date' })).toHaveAttribute('aria-expanded', 'true');
    expect(calendar).toHaveTextContent('2024-11');
    // The current value has the focus and is marked chosen; today is marked as today.
    const chosen = within(calendar).getByRole('button', { name: 'Friday, 2024-11-08' });
    expect(chosen).toHaveFocus();
    expect(chosen.closest('td')).toHaveAttribute('aria-selected', 'true');
    expect(within(calendar).getByRole('button', { name: 'Monday, 2024-11-18' })).toHaveAttribute('aria-current', 'date');

    await user.click(within(calendar).getByRole('button', { name: 'Thursday, 2024-11-21' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(input).toHaveValue('2024-11-21');
    expect(bound()).toBe('2024-11-21');
    expect(input).toHaveFocus();
  });

  it('is worked by keyboard: arrows, Page Down, Enter; Escape closes it and nothing else', async () => {
    const { user, input, bound } = setup({ initial: '2024-01-31' });
    input.focus();
    await user.tab(); // to the button
    expect(screen.getByRole('button', { name: 'Choose a date' })).toHaveFocus();
    await user.keyboard('{Enter}');
    const calendar = screen.getByRole('dialog', { name: 'Choose a date' });
    expect(within(calendar).getByRole('button', { name: 'Wednesday, 2024-01-31' })).toHaveFocus();
    await user.keyboard('{PageDown}'); // a month on, kept within February
    expect(calendar).toHaveTextContent('2024-02');
    expect(within(calendar).getByRole('button', { name: 'Thursday, 2024-02-29' })).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowDown}'); // 2024-03-01, then a week on
    expect(within(calendar).getByRole('button', { name: 'Friday, 2024-03-08' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(input).toHaveValue('2024-03-08');
    expect(bound()).toBe('2024-03-08');

    await user.click(screen.getByRole('button', { name: 'Choose a date' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('escapes')).toHaveTextContent('0');
    expect(screen.getByRole('button', { name: 'Choose a date' })).toHaveFocus();
    expect(input).toHaveValue('2024-03-08');
  });

  it('changes month with its ← and → buttons, and opens on today when the field is empty', async () => {
    const { user, input, bound } = setup({ today: '2024-11-18' });
    await user.click(screen.getByRole('button', { name: 'Choose a date' }));
    const calendar = screen.getByRole('dialog');
    expect(calendar).toHaveTextContent('2024-11');
    expect(within(calendar).getByRole('button', { name: 'Monday, 2024-11-18' })).toHaveFocus();
    await user.click(within(calendar).getByRole('button', { name: 'Next month' }));
    await user.click(within(calendar).getByRole('button', { name: 'Next month' }));
    expect(calendar).toHaveTextContent('2025-01');
    await user.click(within(calendar).getByRole('button', { name: 'Previous month' }));
    expect(calendar).toHaveTextContent('2024-12');
    await user.click(within(calendar).getByRole('button', { name: 'Tuesday, 2024-12-31' }));
    expect(input).toHaveValue('2024-12-31');
    // "Today" in the calendar.
    await user.click(screen.getByRole('button', { name: 'Choose a date' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /^Today/ }));
    expect(bound()).toBe('2024-11-18');
  });

  it('opens with Alt+↓ in the input and closes when the focus goes elsewhere', async () => {
    const { user, input } = setup({ initial: '2024-11-08' });
    await user.click(input);
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set from outside' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('takes a full-width date from a Chinese input method', async () => {
    const { input, bound } = setup();
    await fireEvent.input(input, { target: { value: '２０２４－１１－０８' } });
    expect(input).toHaveValue('2024-11-08');
    expect(bound()).toBe('2024-11-08');
  });
});

describe('the calendar helpers', () => {
  it('group typed digits as YYYY-MM-DD', () => {
    expect(formatTyped('20241108')).toBe('2024-11-08');
    expect(formatTyped('2024-11-08')).toBe('2024-11-08');
    expect(formatTyped('2024')).toBe('2024');
    expect(formatTyped('2024', true)).toBe('2024-');
    expect(formatTyped('2024-1-')).toBe('2024-01-');
    expect(formatTyped('2024--11')).toBe('2024-11');
    expect(formatTyped('2024-11-089')).toBe('2024-11-08');
    expect(formatTyped('Nov 8')).toBe('Nov 8');
    expect(tidyDate('2024-1-5')).toBe('2024-01-05');
    expect(tidyDate('20241108')).toBe('2024-11-08');
    expect(tidyDate('2024-11')).toBe('2024-11');
  });

  it('know real dates and lay out whole weeks from Sunday', () => {
    expect(parseIso('2024-02-29')).toEqual({ y: 2024, m: 2, d: 29 });
    expect(parseIso('2023-02-29')).toBeNull();
    expect(parseIso('11/08/2024')).toBeNull();
    expect(addMonths({ y: 2024, m: 12, d: 31 }, 2)).toEqual({ y: 2025, m: 2, d: 28 });
    const weeks = monthWeeks(2024, 11);
    expect(weeks).toHaveLength(5);
    expect(weeks[0][0]).toEqual({ iso: '2024-10-27', day: 27, inMonth: false });
    expect(weeks[0][5]).toEqual({ iso: '2024-11-01', day: 1, inMonth: true });
    expect(weeks[4][6]).toEqual({ iso: '2024-11-30', day: 30, inMonth: true });
  });
});
