import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
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
  ...over,
});

describe('the Stats view', () => {
  it('shows a row per agency with its bar, and a row lists that agency’s items', async () => {
    const be = installBackend({
      handlers: {
        responsiveness: () => [group('MPS', {}), group('NNCC', { median_days_with_counterpart_open: 40, median_days_to_first_response: null, answered: 0 })],
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-stats'));
    await waitFor(() => expect(screen.getAllByTestId('stats-row')).toHaveLength(2));
    expect(be.argsOf('responsiveness')).toEqual([{ by: 'agency' }]);
    const [mps, nncc] = screen.getAllByTestId('stats-row');
    expect(mps).toHaveAttribute('data-group', 'MPS');
    expect(mps).toHaveTextContent('6.5');
    expect(nncc).toHaveTextContent('—');
    expect((nncc.querySelector('.bar') as HTMLElement).style.width).toBe('100%');
    expect((mps.querySelector('.bar') as HTMLElement).style.width).toBe('50%');

    await user.click(mps);
    await waitFor(() => expect(screen.getByTestId('items-table')).toBeInTheDocument());
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ counterpart: 'MPS', open: null }));
  });
});
