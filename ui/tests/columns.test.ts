import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import {
  estimatedTitle,
  extraTracks,
  loadColumns,
  raisedCell,
  saveColumns,
  toggleColumn,
  workingDaysCell,
} from '../src/lib/columns';
import { defaultDescending } from '../src/lib/items-state.svelte';
import { installBackend, row } from './backend';

afterEach(() => localStorage.clear());

describe('the optional columns', () => {
  it('write working days, an estimated one marked with what it means', () => {
    const r = row(0, { working_days_with_counterpart_us: 1258, working_days_with_counterpart_prc: 1252 });
    expect(workingDaysCell(r, 'us')).toEqual({ text: '1,258', title: undefined, estimated: false });
    expect(workingDaysCell(r, 'prc').text).toBe('1,252');
    const est = workingDaysCell({ ...r, working_days_estimated: true }, 'prc');
    expect(est).toEqual({ text: '≈ 1,252', title: estimatedTitle(), estimated: true });
    expect(est.title).toMatch(/no published calendar/);
    const draft = row(1, { working_days_with_counterpart_us: null, working_days_with_counterpart_prc: null });
    expect(workingDaysCell(draft, 'us').text).toBe('—');
  });

  it('write how often an item was raised and its highest level in the core’s labels', () => {
    expect(raisedCell(row(0))).toMatchObject({ text: '—', title: 'Never raised' });
    const cabinet = raisedCell(
      row(0, {
        raised: { count: 4, last_on: '2024-11-18', highest_level: 'cabinet' },
        raised_words: 'raised 4 times, last 2024-11-18 at cabinet level',
      }),
    );
    expect(cabinet.text).toBe('4 · cabinet');
    expect(cabinet.title).toBe('Raised 4 times, last 2024-11-18 at cabinet level');
    const director = raisedCell(row(0, { raised: { count: 2, last_on: '2024-01-18', highest_level: 'director' } }));
    expect(director.text).toBe('2 · office director');
    // Raised before levels were recorded: the count alone.
    expect(raisedCell(row(0, { raised: { count: 1, last_on: '2023-05-02', highest_level: null } })).text).toBe('1');
  });

  it('keep the table’s order, add their grid tracks and are remembered', () => {
    let shown = toggleColumn([], 'raised');
    shown = toggleColumn(shown, 'working_days_us');
    expect(shown).toEqual(['working_days_us', 'raised']);
    expect(extraTracks(shown)).toBe('88px 132px');
    expect(extraTracks([])).toBe('');
    expect(toggleColumn(shown, 'raised')).toEqual(['working_days_us']);
    saveColumns(shown);
    expect(loadColumns()).toEqual(['working_days_us', 'raised']);
    localStorage.setItem('counterpart.list-columns', '["nonsense", "working_days_prc"]');
    expect(loadColumns()).toEqual(['working_days_prc']);
    localStorage.setItem('counterpart.list-columns', '{');
    expect(loadColumns()).toEqual([]);
  });

  it('sort longest first by default, like calendar days', () => {
    expect(defaultDescending('working_days_us')).toBe(true);
    expect(defaultDescending('working_days_prc')).toBe(true);
    expect(defaultDescending('reference')).toBe(false);
  });

  it('are shown when chosen, and their headings sort the list by the core’s keys', async () => {
    const be = installBackend({
      total: 2,
      makeRow: (i) =>
        [
          row(0, { working_days_with_counterpart_us: 258, working_days_with_counterpart_prc: 252, working_days_estimated: true, raised: { count: 3, last_on: '2024-05-01', highest_level: 'leaders' } }),
          row(1, { working_days_with_counterpart_us: 20, working_days_with_counterpart_prc: 22 }),
        ][i],
    });
    const user = userEvent.setup();
    render(App);
    const [first] = await screen.findAllByTestId('item-row');
    expect(within(first).queryByTestId('cell-working_days_us')).toBeNull();
    await user.click(screen.getByTestId('columns-menu'));
    await user.click(screen.getByTestId('column-working_days_us'));
    await user.click(screen.getByTestId('column-working_days_prc'));
    await user.click(screen.getByTestId('column-raised'));
    const [a, b] = screen.getAllByTestId('item-row');
    expect(within(a).getByTestId('cell-working_days_us')).toHaveTextContent('≈ 258');
    expect(within(a).getByTestId('cell-working_days_us')).toHaveAttribute('title', estimatedTitle());
    expect(within(a).getByTestId('cell-working_days_prc')).toHaveTextContent('≈ 252');
    expect(within(a).getByTestId('cell-raised')).toHaveTextContent('3 · leaders');
    expect(within(b).getByTestId('cell-working_days_us')).toHaveTextContent('20');
    expect(within(b).getByTestId('cell-working_days_us')).not.toHaveAttribute('title');
    expect(screen.getByTestId('items-table').style.getPropertyValue('--extra-cols')).toBe('88px 88px 132px');
    expect(loadColumns()).toEqual(['working_days_us', 'working_days_prc', 'raised']);

    await user.click(screen.getByTestId('sort-working_days_prc'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ sort: 'working_days_prc', descending: true, offset: 0 }));
    await user.click(screen.getByTestId('sort-working_days_prc'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ sort: 'working_days_prc', descending: false }));
    await user.click(screen.getByTestId('sort-working_days_us'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ sort: 'working_days_us', descending: true }));
    const header = screen.getByTestId('sort-working_days_us').closest('[role="columnheader"]');
    expect(header).toHaveAttribute('aria-sort', 'descending');
  });
});
