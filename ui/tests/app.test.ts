import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { INFO, installBackend, row } from './backend';
import { ItemPager } from '../src/lib/pager.svelte';
import type { ItemPage, ListQuery } from '../src/api/items';

describe('the window', () => {
  it('has the four navigation entries, with the count of reminders due on Reminders', async () => {
    installBackend({ handlers: { reminder_badge: () => 2 } });
    render(App);
    for (const v of ['items', 'reminders', 'briefs', 'settings']) expect(screen.getByTestId(`nav-${v}`)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('reminders-badge')).toHaveTextContent('2'));
    expect(screen.getByTestId('nav-items')).toHaveAttribute('aria-current', 'page');
  });

  it('says so when the check of every page in the background finds the file damaged', async () => {
    let current = INFO;
    installBackend({ handlers: { app_info: () => current } });
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('nav-items');
    expect(screen.queryByTestId('pages-damaged')).not.toBeInTheDocument();
    current = { ...INFO, pages_damaged: '*** in database main *** Page 3: btreeInitPage() returns error code 11' };
    await emit('pages-damaged');
    const banner = await screen.findByTestId('pages-damaged');
    expect(banner).toHaveTextContent('The database file is damaged');
    expect(banner).toHaveTextContent('Page 3: btreeInitPage()');
    await user.click(within(banner).getByRole('button', { name: 'Backups…' }));
    expect(await screen.findByTestId('db-path')).toBeInTheDocument();
  });

  it('Settings shows the database and records the user name', async () => {
    const be = installBackend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('db-path')).toHaveTextContent(INFO.db_path);
    const name = screen.getByTestId('field-user-name');
    await waitFor(() => expect(name).toHaveValue('J. Smith'));
    await user.clear(name);
    await user.type(name, 'A. Chen (INL)');
    await user.click(screen.getByTestId('save-user-name'));
    await waitFor(() => expect(be.argsOf('set_user_name')).toEqual([{ name: 'A. Chen (INL)' }]));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('Settings: notifications show references only unless titles are chosen', async () => {
    const be = installBackend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const detail = await screen.findByTestId('field-notification-detail');
    expect(detail).toHaveValue('references_only');
    await user.selectOptions(detail, 'titles');
    await waitFor(() => expect(be.argsOf('set_notification_detail')).toEqual([{ detail: 'titles' }]));
    await waitFor(() => expect(detail).toHaveValue('titles'));
  });

  it('"Open another database…" asks the backend (which shows the native dialog) and reloads', async () => {
    const other = { ...INFO, db_path: '/tmp/other.sqlite3' };
    let current = INFO;
    const be = installBackend({ handlers: { open_database: () => (current = other), app_info: () => current } });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('db-path');
    const infos = be.argsOf('app_info').length;
    await user.click(screen.getByTestId('open-database'));
    await waitFor(() => expect(be.argsOf('open_database')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('db-path')).toHaveTextContent('/tmp/other.sqlite3'));
    await waitFor(() => expect(be.argsOf('app_info').length).toBeGreaterThan(infos));
  });

  it('reloads everything when the backend says another database was opened', async () => {
    const be = installBackend({ total: 2 });
    render(App);
    await screen.findAllByTestId('item-row');
    await waitFor(() => expect(be.argsOf('dashboard').length).toBeGreaterThan(0));
    const before = { info: be.argsOf('app_info').length, list: be.queries().length, dash: be.argsOf('dashboard').length };
    be.set('list_items', () => ({ rows: [row(0, { reference: 'NEW-DB-1' })], total: 1 }));
    await emit('db-changed');
    await waitFor(() => expect(be.argsOf('app_info').length).toBeGreaterThan(before.info));
    await waitFor(() => expect(be.queries().length).toBeGreaterThan(before.list));
    await waitFor(() => expect(be.argsOf('dashboard').length).toBeGreaterThan(before.dash));
    await waitFor(() => expect(screen.getAllByTestId('item-row').map((r) => r.dataset.reference)).toEqual(['NEW-DB-1']));
  });

  it('Briefs has the options, the preview and its two primary actions', async () => {
    installBackend();
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-briefs'));
    const view = await screen.findByTestId('briefs-view');
    expect(within(view).getByTestId('brief-print')).toHaveTextContent('Print');
    expect(within(view).getByTestId('brief-save-pdf')).toHaveTextContent('Save PDF');
    expect(await within(view).findByTestId('field-brief-lang')).toHaveValue('en');
    expect(await within(view).findByTestId('brief-preview')).toBeInTheDocument();
  });

  it('the list keeps its selection when coming back from another view', async () => {
    installBackend({ total: 5 });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    screen.getByTestId('items-table').focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    await user.click(screen.getByTestId('nav-settings'));
    await user.click(screen.getByTestId('nav-items'));
    const rows = await screen.findAllByTestId('item-row');
    expect(rows.filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.reference)).toEqual(['EXT-000002']);
  });
});

describe('the pager', () => {
  it('asks for each page once and drops answers to an older query', async () => {
    const asked: ListQuery[] = [];
    const pending: ((p: ItemPage) => void)[] = [];
    const pager = new ItemPager((q) => {
      asked.push(q);
      return new Promise((resolve) => pending.push(resolve));
    }, 10);
    const base = { kind: null, status: null, open: true, overdue: false, counterpart: null, search: null, sort: 'days_with_counterpart' as const, descending: true };
    pager.setFilter(base);
    pager.ensure(0, 25);
    pager.ensure(0, 25);
    expect(asked.map((q) => [q.offset, q.limit])).toEqual([[0, 10], [10, 10], [20, 10]]);

    pager.setFilter({ ...base, search: 'xylazine' });
    pending[0]({ rows: [row(0, { reference: 'STALE' })], total: 99, next: null });
    await Promise.resolve();
    expect(pager.row(0)).toBeUndefined();
    expect(asked.at(-1)).toMatchObject({ search: 'xylazine', offset: 0, limit: 10 });
    pending.at(-1)!({ rows: [row(0, { reference: 'FRESH' })], total: 1, next: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(pager.row(0)?.reference).toBe('FRESH');
    expect(pager.total).toBe(1);
  });
});
