// Team mode in the window, against the fake backend: the indicator (only when the database
// is in a team; synced / N waiting / offline since, the error on hover and click), Settings
// → Team (join with the exact arguments, field errors next to their fields, sync now,
// leave), what the window does when the engine says operations arrived (the list and the
// open item read again, the selection and a form being typed in kept), and a conflict in
// an item's history in plain words.

import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import App from '../src/App.svelte';
import { openFirst } from './open-item';
import { installBackend, invalid, itemView, row } from './backend';
import type { TeamStatus } from '../src/api/team';
import type { AuditEntry } from '../src/api/audit';
import { clock, teamLabel } from '../src/lib/team';

const SYNCED: TeamStatus = {
  server: 'postgresql://127.0.0.1:5432/team?sslmode=disable',
  user: 'li',
  agency: 'DEA',
  joined_at: '2024-06-01T08:00:00Z',
  last_sync: '2024-06-01T09:00:00Z',
  pending: 0,
  syncing: false,
  progress: null,
  offline_since: null,
  error: null,
  live: true,
  password_needed: false,
  refused: [],
};

describe('the team indicator', () => {
  it('is not there when the database is in no team', async () => {
    installBackend();
    render(App);
    await screen.findAllByTestId('item-row');
    expect(screen.queryByTestId('team-status')).not.toBeInTheDocument();
  });

  it('says synced, then what the engine says: N waiting, offline since when (the error on hover and click)', async () => {
    installBackend({ handlers: { team_status: () => SYNCED } });
    const user = userEvent.setup();
    render(App);
    const indicator = await screen.findByTestId('team-status');
    expect(indicator).toHaveTextContent('Synced');
    expect(indicator).toHaveAttribute('data-state', 'synced');

    await emit('team-status', { ...SYNCED, pending: 3 });
    await waitFor(() => expect(screen.getByTestId('team-status')).toHaveTextContent('3 waiting'));

    const since = '2024-06-01T09:41:00Z';
    const why = 'team server: error connecting to server: Connection refused (os error 111)';
    await emit('team-status', { ...SYNCED, pending: 3, offline_since: since, error: why, live: false });
    const offline = screen.getByTestId('team-status');
    await waitFor(() => expect(offline).toHaveTextContent(`Offline since ${clock(since)} · 3 waiting`));
    expect(offline).toHaveAttribute('data-state', 'offline');
    expect(offline.getAttribute('title')).toContain(why);
    await user.click(offline);
    expect(screen.getByTestId('team-status-error')).toHaveTextContent(why);

    await emit('team-status', null);
    await waitFor(() => expect(screen.queryByTestId('team-status')).not.toBeInTheDocument());
  });

  it('words a refusal apart from being offline', () => {
    expect(teamLabel({ ...SYNCED, error: 'refused by the team server: not allowed' })).toBe('Sync failed');
    expect(teamLabel({ ...SYNCED, syncing: true, progress: { done: 1200, total: 5000 } })).toBe('Syncing 1,200 of 5,000…');
    expect(teamLabel({ ...SYNCED, pending: 1 })).toBe('1 waiting');
  });
});

describe('Settings → Team', () => {
  it('joins with the server, user and password typed, then shows the team', async () => {
    const be = installBackend({
      handlers: {
        team_join: () => ({ agency: 'DEA', pushed: 2, pulled: 5, keychain_error: null, status: SYNCED }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('team-card');
    await user.type(within(card).getByTestId('team-server'), SYNCED.server);
    await user.type(within(card).getByTestId('team-user'), 'li');
    await user.type(within(card).getByTestId('team-password'), 'pw-li');
    expect(within(card).getByTestId('team-password')).toHaveAttribute('type', 'password');
    await user.click(within(card).getByTestId('team-join'));
    await waitFor(() => expect(be.argsOf('team_join')).toEqual([{ server: SYNCED.server, user: 'li', password: 'pw-li' }]));
    expect(await within(card).findByTestId('team-done')).toHaveTextContent('Joined the team as li (DEA): sent 2 operations, received 5.');
    expect(within(card).getByTestId('team-pending')).toHaveTextContent('0');
    expect(screen.getByTestId('team-status')).toHaveTextContent('Synced');
  });

  it('shows a refused field next to it, naming it', async () => {
    installBackend({
      handlers: { team_join: () => { throw invalid([{ field: 'server', problem: { key: 'server_url_not_postgresql' } }]); } },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('team-card');
    await user.type(within(card).getByTestId('team-server'), 'https://example.gov');
    await user.type(within(card).getByTestId('team-user'), 'li');
    await user.type(within(card).getByTestId('team-password'), 'x');
    await user.click(within(card).getByTestId('team-join'));
    expect(await within(card).findByTestId('form-error')).toHaveTextContent('Server URL: the server URL is not a postgresql:// URL');
  });

  it('syncs now and says what went each way; a failure is shown', async () => {
    const be = installBackend({
      handlers: { team_status: () => SYNCED, team_sync_now: () => ({ pushed: 1, pulled: 4, conflicts: 1, not_applied: 2 }) },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('team-card');
    await user.click(await within(card).findByTestId('team-sync-now'));
    expect(await within(card).findByTestId('team-done')).toHaveTextContent('Synced: sent 1 operations, received 4, 1 conflicts (see the items\' changes), 2 not applied here');
    be.set('team_sync_now', () => {
      throw { code: 'internal', message: 'team server: connection refused', fields: [] };
    });
    await user.click(within(card).getByTestId('team-sync-now'));
    expect(await within(card).findByTestId('team-error')).toHaveTextContent('connection refused');
  });

  it('leaves only once confirmed', async () => {
    const be = installBackend({ handlers: { team_status: () => SYNCED, team_leave: () => null } });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('team-card');
    await user.click(await within(card).findByTestId('team-leave'));
    await user.click(screen.getByRole('button', { name: 'Stay in the team' }));
    expect(be.argsOf('team_leave')).toHaveLength(0);
    await user.click(within(card).getByTestId('team-leave'));
    await user.click(screen.getByRole('button', { name: 'Leave the team' }));
    await waitFor(() => expect(be.argsOf('team_leave')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('team-status')).not.toBeInTheDocument());
    expect(within(card).getByTestId('team-join')).toBeInTheDocument();
  });
});

describe('changes the server refused', () => {
  it('are listed in Settings → Team and in the indicator, never silently dropped', async () => {
    const refused = { ...SYNCED, refused: ['share of EXT-1: only the agency that owns item … may share it'] };
    installBackend({ handlers: { team_status: () => refused } });
    const user = userEvent.setup();
    render(App);
    const indicator = await screen.findByTestId('team-status');
    expect(indicator.getAttribute('title') ?? '').toContain('Refused by the server (kept here only): share of EXT-1');
    await user.click(indicator);
    await user.click(screen.getByTestId('team-status-settings'));
    const card = await screen.findByTestId('team-card');
    expect(within(card).getByTestId('team-refused')).toHaveTextContent('The server refused 1 of the changes made here');
    expect(within(card).getByTestId('team-refused')).toHaveTextContent('share of EXT-1');
  });
});

describe('a database in a team without a kept password', () => {
  it('says so and takes the password in Settings → Team', async () => {
    const needs = { ...SYNCED, password_needed: true, error: 'no password for li is kept in the system keychain: type it in Settings → Team' };
    const be = installBackend({
      handlers: {
        team_status: () => needs,
        team_password: () => ({ keychain_error: null, status: SYNCED }),
      },
    });
    const user = userEvent.setup();
    render(App);
    const indicator = await screen.findByTestId('team-status');
    expect(indicator).toHaveTextContent('Password needed');
    expect(indicator).toHaveAttribute('data-state', 'failed');
    await user.click(indicator);
    await user.click(screen.getByTestId('team-status-settings'));
    const card = await screen.findByTestId('team-card');
    expect(within(card).getByTestId('team-last-error')).toHaveTextContent('no password for li');
    await user.type(within(card).getByTestId('team-password'), 'pw-li');
    await user.click(within(card).getByTestId('team-keep-password'));
    await waitFor(() => expect(be.argsOf('team_password')).toEqual([{ password: 'pw-li' }]));
    expect(await within(card).findByTestId('team-done')).toHaveTextContent('The password works');
    expect(screen.getByTestId('team-status')).toHaveTextContent('Synced');
    expect(within(card).queryByTestId('team-password-form')).not.toBeInTheDocument();
  });
});

describe('when colleagues’ operations arrive', () => {
  it('reads the list and the open item again, keeping the selection', async () => {
    const be = installBackend({ total: 3, handlers: { team_status: () => SYNCED } });
    const user = userEvent.setup();
    render(App);
    const rows = await screen.findAllByTestId('item-row');
    await user.click(rows[1]);
    const detail = await screen.findByTestId('item-detail');
    await within(detail).findByTestId('explanation');
    const before = { list: be.queries().length, item: be.argsOf('get_item').length };
    // A colleague's new item sorts first: the selected item moves down a row.
    be.set('list_items', () => ({ rows: [row(9, { reference: 'EXT-NEW' }), row(0), row(1), row(2)], total: 4 }));
    be.set('get_item', (a) => itemView({ id: String(a.id), title: 'Retitled by Li', version: 8 }));
    await emit('team-changed', { pushed: 0, pulled: 2, conflicts: 0, not_applied: 0 });
    await waitFor(() => expect(be.queries().length).toBeGreaterThan(before.list));
    await waitFor(() => expect(be.argsOf('get_item').length).toBeGreaterThan(before.item));
    await waitFor(() => expect(screen.getByTestId('item-detail')).toHaveTextContent('Retitled by Li'));
    await waitFor(() => {
      const selected = screen.getAllByTestId('item-row').find((r) => r.getAttribute('aria-selected') === 'true');
      expect(selected?.dataset.reference).toBe(row(1).reference);
    });
  });

  it('keeps what is typed in the edit form, and says a colleague changed the item', async () => {
    const be = installBackend({ handlers: { team_status: () => SYNCED } });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('edit-item'));
    const title = screen.getByTestId('field-title');
    await user.clear(title);
    await user.type(title, 'My half-typed title');
    const reads = be.argsOf('get_item').length;
    be.set('get_item', (a) => itemView({ id: String(a.id), title: 'Retitled by Li', version: 8 }));
    await emit('team-changed', { pushed: 0, pulled: 1, conflicts: 0, not_applied: 0 });
    expect(await screen.findByTestId('changed-elsewhere')).toBeInTheDocument();
    expect(screen.getByTestId('field-title')).toHaveValue('My half-typed title');
    expect(be.argsOf('get_item').length).toBe(reads);
  });
});

describe('a conflict in the history', () => {
  it('is said in plain words: whose value was replaced by whose edit', async () => {
    const conflict = {
      seq: 7, action: 'conflict', at: '2024-05-20T09:30:00.000000Z', who: 'Li', item_id: 'id-0', reference: 'EXT-000000',
      field: 'title', old_value: 'Surrender of LIN Wei', new_value: 'Extradition of LIN Wei',
      old: { type: 'text', text: 'Surrender of LIN Wei' }, new: { type: 'text', text: 'Extradition of LIN Wei' }, hash: 'ab'.repeat(32),
      words: 'Title “Surrender of LIN Wei” was replaced by Li’s edit “Extradition of LIN Wei”, made without seeing it',
    } as AuditEntry;
    installBackend({ handlers: { item_history: () => [conflict] } });
    const { detail } = await openFirst();
    const [entry] = await within(detail).findAllByTestId('change-row');
    expect(entry).toHaveAttribute('data-action', 'conflict');
    expect(entry).toHaveTextContent('Edit conflict');
    // The core words it (the same on every copy); the window shows its words.
    expect(entry).toHaveTextContent('Title “Surrender of LIN Wei” was replaced by Li’s edit “Extradition of LIN Wei”, made without seeing it');
  });
});

describe('operations that arrive while the list is not on screen', () => {
  it('are in the list when the person comes back to it (a join from Settings pulled items)', async () => {
    let rows = 0;
    installBackend({
      handlers: {
        team_status: () => SYNCED,
        list_items: () => ({ rows: Array.from({ length: rows }, (_, i) => row(i)), total: rows }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('empty-state');
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('team-card');
    rows = 2;
    await emit('team-changed', { pushed: 0, pulled: 2, conflicts: 0, not_applied: 0 });
    await user.click(screen.getByTestId('nav-items'));
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
  });
});
