// The recovery screen and the Settings view's backups, against the fake backend: what the
// user sees, and the exact commands sent.

import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { INFO, installBackend, row } from './backend';
import type { BackupInfo } from '../src/api/backup';

const DB = INFO.db_path;
const DAMAGED = `${DB}.damaged`;

function backup(over: Partial<BackupInfo> = {}): BackupInfo {
  return {
    path: '/home/desk/.local/share/counterpart/backups/counterpart-2024-05-31-180000-daily.sqlite3',
    file_name: 'counterpart-2024-05-31-180000-daily.sqlite3',
    made_at: '2024-05-31 18:00:00',
    reason: 'daily',
    items: null,
    ...over,
  };
}

describe('the recovery screen', () => {
  it('says what happened and where the damaged file is, and restores the newest good backup', async () => {
    let recovering = true;
    const good = backup({ items: 42 });
    const be = installBackend({
      handlers: {
        app_info: () => ({ ...INFO, recovering }),
        agencies: () => {
          if (recovering) throw { code: 'damaged', message: 'the database was damaged and has been moved aside', fields: [] };
          return [];
        },
        recovery_state: () => ({
          recovery: recovering ? { db_path: DB, moved_to: DAMAGED, report: 'SQLite cannot read it (malformed)', backup: good } : null,
        }),
        list_items: () => {
          if (recovering) throw { code: 'damaged', message: 'the database was damaged and has been moved aside', fields: [] };
          return { rows: [row(0), row(1)], total: 2 };
        },
        restore_backup: () => {
          recovering = false;
          return { info: { ...INFO, recovering: false }, kept_aside: null, items: 42 };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    const screenEl = await screen.findByTestId('recovery');
    expect(await within(screenEl).findByTestId('recovery-damaged-path')).toHaveTextContent(DAMAGED);
    expect(screenEl).toHaveTextContent('Nothing was written to it and nothing was deleted');
    expect(within(screenEl).getByTestId('recovery-backup')).toHaveTextContent('2024-05-31 18:00:00 UTC');
    expect(within(screenEl).getByTestId('recovery-backup')).toHaveTextContent('42 items');
    expect(screen.queryByTestId('items-table')).not.toBeInTheDocument();

    await user.click(within(screenEl).getByTestId('recovery-restore'));
    await waitFor(() => expect(be.argsOf('restore_backup')).toEqual([{ path: good.path }]));
    await waitFor(() => expect(screen.queryByTestId('recovery')).not.toBeInTheDocument());
    expect(await screen.findByTestId('recovered')).toHaveTextContent('Restored the backup made 2024-05-31 18:00:00 UTC');
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(2));
  });

  it('without a good backup offers an empty database only', async () => {
    let recovering = true;
    const be = installBackend({
      handlers: {
        app_info: () => ({ ...INFO, recovering }),
        agencies: () => {
          if (recovering) throw { code: 'damaged', message: 'damaged', fields: [] };
          return [];
        },
        recovery_state: () => ({ recovery: { db_path: DB, moved_to: DAMAGED, report: 'bad', backup: null } }),
        start_empty_database: () => {
          recovering = false;
          return { ...INFO, recovering: false };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByTestId('recovery-no-backup')).toBeInTheDocument();
    expect(screen.queryByTestId('recovery-restore')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('recovery-start-empty'));
    await waitFor(() => expect(be.argsOf('start_empty_database')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('recovery')).not.toBeInTheDocument());
  });
});

describe('Settings: backups', () => {
  it('"Back up now" shows the file written and when, and the list grows', async () => {
    const made = backup({
      path: '/b/counterpart-2024-06-01-101500-manual.sqlite3',
      file_name: 'counterpart-2024-06-01-101500-manual.sqlite3',
      made_at: '2024-06-01 10:15:00',
      reason: 'manual',
      items: 3,
    });
    let list = [backup()];
    const be = installBackend({
      handlers: {
        list_backups: () => list,
        backup_now: () => {
          list = [made, ...list];
          return made;
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(1));
    await user.click(screen.getByTestId('backup-now'));
    const done = await screen.findByTestId('backup-done');
    expect(done).toHaveTextContent('2024-06-01 10:15:00 UTC');
    expect(done).toHaveTextContent(made.path);
    expect(be.argsOf('backup_now')).toEqual([{}]);
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(2));
  });

  it('"Restore…" asks first, then restores and says where the current file was kept', async () => {
    const b = backup();
    const be = installBackend({
      handlers: {
        list_backups: () => [b],
        restore_backup: () => ({ info: INFO, kept_aside: `${DB}.before-restore-20240601-101500`, items: 7 }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    await user.click(await screen.findByTestId('restore-backup'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('2024-05-31 18:00:00 UTC');
    // Cancel first: nothing is sent.
    await user.click(within(dialog).getByTestId('confirm-keep'));
    expect(be.argsOf('restore_backup')).toEqual([]);

    await user.click(screen.getByTestId('restore-backup'));
    await user.click(within(await screen.findByTestId('confirm-dialog')).getByTestId('confirm-discard'));
    await waitFor(() => expect(be.argsOf('restore_backup')).toEqual([{ path: b.path }]));
    const done = await screen.findByTestId('restore-done');
    expect(done).toHaveTextContent('Restored 7 items');
    expect(done).toHaveTextContent(`${DB}.before-restore-20240601-101500`);
  });

  it('a refused restore shows the reason', async () => {
    installBackend({
      handlers: {
        list_backups: () => [backup()],
        restore_backup: () => {
          throw { code: 'damaged', message: 'x.sqlite3 cannot be used as a backup: it is damaged. Nothing was changed.', fields: [] };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    await user.click(await screen.findByTestId('restore-backup'));
    await user.click(within(await screen.findByTestId('confirm-dialog')).getByTestId('confirm-discard'));
    expect(await screen.findByTestId('backup-error')).toHaveTextContent('Nothing was changed.');
  });
});
