import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { installBackend } from './backend';
import type { GroupStats } from '../src/api/stats';

const group = (g: string, over: Partial<GroupStats>): GroupStats => ({
  group: g,
  items: 4,
  open: 3,
  closed: 1,
  fulfilled: 1,
  answered: 2,
  no_response: 2,
  median_days_with_counterpart_open: 20,
  median_days_to_first_response: 6.5,
  times_raised: 2,
  items_raised: 1,
  percent_answered: 50,
  percent_no_response: 50,
  ...over,
});

const AGENCIES = [
  group('MPS', {}),
  group('NNCC', {
    median_days_with_counterpart_open: 40,
    median_days_to_first_response: null,
    answered: 0,
    no_response: 4,
    percent_answered: 0,
    percent_no_response: 100,
  }),
];
const QUARTERS = [
  group('2023-Q4', { items: 2, answered: 1, no_response: 1, median_days_to_first_response: 30 }),
  group('2024-Q2', { items: 3, answered: 3, no_response: 0, percent_answered: 100, percent_no_response: 0, median_days_to_first_response: 12 }),
];

function backend() {
  return installBackend({
    handlers: { responsiveness: (a) => (a.by === 'quarter' ? QUARTERS : AGENCIES) },
  });
}

describe('the Stats view', () => {
  it('shows a row per agency with its bars and figures, and a row lists that agency’s items', async () => {
    const be = backend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-stats'));
    await waitFor(() => expect(screen.getAllByTestId('stats-row')).toHaveLength(2));
    expect(be.argsOf('responsiveness')).toEqual([{ by: 'agency' }, { by: 'quarter' }]);
    const [mps, nncc] = screen.getAllByTestId('stats-row');
    expect(mps).toHaveAttribute('data-group', 'MPS');
    expect(mps).toHaveTextContent('Ministry of Public Security');
    expect(mps).toHaveTextContent('6.5');
    expect(mps).toHaveTextContent('2 of 4 · 50%');
    expect(nncc).toHaveTextContent('—');
    expect(nncc).toHaveTextContent('4 of 4 · 100%');
    // The bars scale to the longest median; their exact figures are in the tooltips.
    const bar = (row: HTMLElement, kind: string) => row.querySelector(`.bar.${kind}`) as HTMLElement;
    expect(bar(nncc, 'open').style.width).toBe('100%');
    expect(bar(mps, 'open').style.width).toBe('50%');
    expect(bar(mps, 'first').style.width).toBe('100%');
    expect(bar(nncc, 'first').style.width).toBe('0%');
    expect(bar(nncc, 'never').style.width).toBe('100%');
    expect(bar(mps, 'open').closest('td')).toHaveAttribute('title', 'MPS: median 20 days with counterpart over 3 open items');
    expect(bar(nncc, 'first').closest('td')).toHaveAttribute('title', 'NNCC: no item answered yet');
    // Every bar is decoration beside its number: hidden from screen readers.
    for (const b of mps.querySelectorAll('.bar')) expect(b.closest('[aria-hidden="true"]')).not.toBeNull();

    await user.click(mps);
    await waitFor(() => expect(screen.getByTestId('items-table')).toBeInTheDocument());
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ counterpart: 'MPS', open: null }));
  });

  it('draws the trend by quarter of transmission with a gap for a quarter without items', async () => {
    backend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-stats'));
    const first = await screen.findByTestId('stats-trend-first');
    // 2023-Q4 to 2024-Q2: three quarters, 2024-Q1 without items.
    const tips = [...first.querySelectorAll('title')].map((t) => t.textContent);
    expect(tips).toEqual([
      '2023-Q4: median 30 days to a first response (1 of 2 answered)',
      '2024-Q1: no item transmitted',
      '2024-Q2: median 12 days to a first response (3 of 3 answered)',
    ]);
    expect(first.querySelectorAll('rect.bar')).toHaveLength(2);
    expect(within(first).getByRole('img')).toHaveAccessibleName(
      'Median days to first response by quarter of transmission, 2023-Q4 to 2024-Q2: 2023-Q4 30; 2024-Q2 12',
    );
    const answered = screen.getByTestId('stats-trend-answered');
    expect(within(answered).getByRole('img')).toHaveAccessibleName(
      'Share answered by quarter of transmission, 2023-Q4 to 2024-Q2: 2023-Q4 50%; 2024-Q2 100%',
    );
    // The axis of shares is 0 to 100%.
    expect([...answered.querySelectorAll('text.tick')].map((t) => t.textContent)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    const rows = screen.getAllByTestId('stats-quarter');
    expect(rows.map((r) => r.dataset.group)).toEqual(['2023-Q4', '2024-Q2']);
    expect(rows[1]).toHaveTextContent('3 · 100%');
  });
});
