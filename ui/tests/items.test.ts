import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { installBackend, itemView, row } from './backend';

async function rows() {
  return screen.findAllByTestId('item-row');
}

describe('the item list', () => {
  it('renders the rows of a page fetched with offset and limit', async () => {
    const be = installBackend({ total: 3 });
    render(App);
    const found = await rows();
    expect(found.map((r) => r.dataset.reference)).toEqual(['EXT-000000', 'EXT-000001', 'EXT-000002']);
    const first = be.queries()[0];
    expect(first).toMatchObject({
      offset: 0,
      limit: 200,
      sort: 'days_with_counterpart',
      descending: true,
      open: true,
      overdue: false,
      search: null,
      kind: null,
    });
    expect(within(found[0]).getByText('Surrender of subject 0')).toBeInTheDocument();
  });

  it('shows status, shaded days with counterpart and the overdue mark in their cells', async () => {
    installBackend({
      total: 3,
      makeRow: (i) =>
        [
          row(0, { days_with_counterpart: 1187, status: 'declined', overdue: true }),
          row(1, { days_with_counterpart: 120, status: 'awaiting_us' }),
          row(2, { days_with_counterpart: 30, status: 'fulfilled' }),
        ][i],
    });
    render(App);
    const [a, b, c] = await rows();
    expect(within(a).getByTestId('cell-status')).toHaveTextContent('Declined');
    expect(within(b).getByTestId('cell-status')).toHaveTextContent('Awaiting U.S. information');
    const days = (r: HTMLElement) => within(r).getByTestId('cell-days-with-counterpart');
    expect(days(a)).toHaveTextContent('1,187');
    expect(days(a).querySelector('.age-stale')).not.toBeNull();
    expect(days(b).querySelector('.age-old')).not.toBeNull();
    expect(days(c).querySelector('.age-fresh')).not.toBeNull();
    expect(within(a).getByTestId('cell-overdue')).toHaveTextContent('Overdue');
    expect(within(b).getByTestId('cell-overdue')).toHaveTextContent('');
  });

  it('keeps the DOM small for 100,000 items and never asks for the whole table', async () => {
    const be = installBackend({ total: 100_000 });
    render(App);
    await rows();
    const table = screen.getByTestId('items-table');
    expect(screen.getAllByTestId('item-row').length).toBeLessThanOrEqual(60);
    expect(table.querySelectorAll('*').length).toBeLessThan(1000);
    for (const q of be.queries()) {
      expect(q.limit).not.toBeNull();
      expect(q.limit).toBeLessThanOrEqual(200);
    }
    expect(table.getAttribute('aria-rowcount')).toBe('100001');
  });

  it('fetches the page under the scroll position and renders those rows only', async () => {
    const be = installBackend({ total: 100_000 });
    render(App);
    await rows();
    const body = screen.getByTestId('items-table').querySelector('.body') as HTMLElement;
    body.scrollTop = 50_000 * 32;
    await fireEvent.scroll(body);
    await waitFor(() => expect(be.queries().some((q) => q.offset === 50_000 && q.limit === 200)).toBe(true));
    await waitFor(() => {
      const refs = screen.getAllByTestId('item-row').map((r) => r.dataset.reference);
      expect(refs).toContain('EXT-050000');
      expect(refs).not.toContain('EXT-000000');
    });
    expect(screen.getAllByTestId('item-row').length).toBeLessThanOrEqual(60);
    // The rows just above (overscan) come from the previous page, asked once.
    expect(be.queries().filter((q) => q.offset === 49_800).length).toBe(1);
  });

  it('asks the page after one it has by its key, a jump by offset, and goes on by key from there', async () => {
    const be = installBackend({ total: 100_000 });
    render(App);
    await rows();
    const body = screen.getByTestId('items-table').querySelector('.body') as HTMLElement;
    const scrollTo = async (row: number) => {
      body.scrollTop = row * 32;
      await fireEvent.scroll(body);
    };
    // Scrolling down into the second page: asked after the first page's end.
    await scrollTo(195);
    await waitFor(() => expect(be.queries().some((q) => q.after === 'row:200')).toBe(true));
    expect(be.queries().find((q) => q.after === 'row:200')).toMatchObject({ offset: 0, limit: 200 });
    expect(be.queries().some((q) => q.offset === 200)).toBe(false);
    await waitFor(() => expect(screen.getAllByTestId('item-row').map((r) => r.dataset.reference)).toContain('EXT-000200'));
    // A jump down the scroll bar: no page before it is known, so by offset.
    await scrollTo(60_010);
    await waitFor(() => expect(be.queries().some((q) => q.offset === 60_000 && q.after === null)).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('item-row').map((r) => r.dataset.reference)).toContain('EXT-060010'));
    // And on down from there, by key again.
    await scrollTo(60_195);
    await waitFor(() => expect(be.queries().some((q) => q.after === 'row:60200' && q.offset === 0)).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId('item-row').map((r) => r.dataset.reference)).toContain('EXT-060200'));
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const be = installBackend();
    const user = userEvent.setup();
    render(App);
    await rows();
    await user.click(screen.getByTestId('sort-reference'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ sort: 'reference', descending: false, offset: 0 }));
    await user.click(screen.getByTestId('sort-reference'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ sort: 'reference', descending: true }));
    const header = screen.getByTestId('sort-reference').closest('[role="columnheader"]');
    expect(header).toHaveAttribute('aria-sort', 'descending');
  });

  it('sends the search box text as `search`, once typing pauses', async () => {
    const be = installBackend();
    const user = userEvent.setup();
    render(App);
    await rows();
    await user.type(screen.getByTestId('search'), 'fentanyl 芬太尼');
    await waitFor(() => expect(be.queries().at(-1)?.search).toBe('fentanyl 芬太尼'), { timeout: 1000 });
    const searches = be.queries().filter((q) => q.search !== null);
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ offset: 0, limit: 200 });
  });

  it('sends the kind, agency and overdue filters', async () => {
    const be = installBackend();
    const user = userEvent.setup();
    render(App);
    await rows();
    await user.selectOptions(screen.getByTestId('filter-kind'), 'scheduling');
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ kind: 'scheduling' }));
    await user.selectOptions(screen.getByTestId('filter-agency'), 'SPP');
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ kind: 'scheduling', counterpart: 'SPP' }));
    await user.click(screen.getByTestId('filter-overdue'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ overdue: true, counterpart: 'SPP' }));
    await user.click(screen.getByTestId('filter-open-all'));
    await waitFor(() => expect(be.queries().at(-1)).toMatchObject({ open: null }));
  });

  it('moves the selection with the arrow keys and opens the selected item with Enter', async () => {
    const be = installBackend({ total: 5 });
    const user = userEvent.setup();
    render(App);
    await rows();
    screen.getByTestId('items-table').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const selected = screen.getAllByTestId('item-row').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.dataset.reference)).toEqual(['EXT-000001']);
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('item-detail')).toBeInTheDocument();
    expect(be.argsOf('get_item')).toEqual([{ id: 'id-1' }]);
  });

  it('shows the dashboard figures from the backend', async () => {
    installBackend();
    render(App);
    expect(await screen.findByTestId('dash-open')).toHaveTextContent('142');
    expect(screen.getByTestId('dash-median')).toHaveTextContent('214');
    expect(screen.getByTestId('dash-longest')).toHaveTextContent('1,187');
    expect(screen.getByTestId('dash-overdue')).toHaveTextContent('17');
  });

  it('teaches how to add the first item when the database is empty', async () => {
    installBackend({ total: 0 });
    render(App);
    const empty = await screen.findByTestId('empty-state');
    await waitFor(() => expect(empty).toHaveTextContent("No items yet — press Ctrl+N to add one, or import a spreadsheet's CSV or a JSON export."));
    expect(empty).not.toHaveTextContent('counterpart import');
    expect(within(empty).getByTestId('import-open')).toHaveTextContent('Import a file…');
  });

  it('shows a hostile title as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__xss=1">';
    installBackend({
      total: 1,
      makeRow: (i) => row(i, { title: hostile, title_zh: '<b>粗体</b>' }),
      handlers: { get_item: () => itemView({ title: hostile, notes: hostile, explanation: hostile }) },
    });
    const user = userEvent.setup();
    render(App);
    const [r] = await rows();
    expect(within(r).getByText(hostile)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('b')).toBeNull();
    await user.click(r);
    const detail = await screen.findByTestId('item-detail');
    await waitFor(() => expect(detail.querySelector('h2')).toHaveTextContent(hostile));
    expect(within(detail).getByTestId('explanation')).toHaveTextContent(hostile);
    expect(document.querySelector('img')).toBeNull();
    expect((window as unknown as { __xss?: unknown }).__xss).toBeUndefined();
  });
});
