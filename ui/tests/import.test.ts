import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { installBackend } from './backend';
import type { Preview, PreviewRow } from '../src/api/import';

const FILE = '/home/desk/items.csv';

function previewRow(line: number, reference: string, over: Partial<PreviewRow> = {}): PreviewRow {
  return {
    line,
    reference,
    kind: 'extradition',
    title: `Title of ${reference}`,
    title_zh: null,
    us_agency: 'DOJ OIA',
    counterpart: 'MPS',
    status: 'transmitted',
    status_on: '2024-02-01',
    transmitted_on: '2024-02-01',
    due_on: null,
    priority: 'normal',
    tags: [],
    events: 1,
    ...over,
  };
}

const BAD: Preview = {
  format: 'csv',
  items: 2,
  events: 2,
  first: [previewRow(2, 'EXT-1'), previewRow(4, 'EXT-3', { status: 'draft', status_on: null, transmitted_on: null })],
  errors: [{ line: 3, field: 'due_on', message: '2024-02-30 is not a real date', problem: { key: 'not_a_real_date', value: '2024-02-30' } }],
};

const GOOD: Preview = { ...BAD, items: 3, events: 3, first: [...BAD.first, previewRow(3, 'EXT-2')], errors: [] };

describe('importing from the window', () => {
  it('previews, lists every bad row, and imports only a clean file', async () => {
    let preview = BAD;
    const be = installBackend({
      total: 3,
      handlers: {
        choose_import_file: () => FILE,
        preview_import: () => preview,
        run_import: () => ({ items: 3, events: 3, backup: '/home/desk/backups/c-before-import.sqlite3' }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    await user.click(screen.getByTestId('import-open'));

    const shown = await screen.findByTestId('import-preview');
    expect(shown).toHaveTextContent('1 problem');
    expect(within(shown).getAllByTestId('import-row').map((r) => r.dataset.reference)).toEqual(['EXT-1', 'EXT-3']);
    const [problem] = screen.getAllByTestId('import-error');
    expect(problem).toHaveTextContent('Line 3 due_on: 2024-02-30 is not a real date');
    expect(screen.getByTestId('import-confirm')).toBeDisabled();
    expect(be.argsOf('preview_import')[0]).toMatchObject({ path: FILE });
    expect(be.argsOf('run_import')).toEqual([]);

    // The file fixed, chosen again: no problem, and the import writes it.
    preview = GOOD;
    await user.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.queryAllByTestId('import-error')).toEqual([]));
    expect(screen.getByTestId('import-preview')).toHaveTextContent('3 items with 3 events will be imported');
    const listed = be.queries().length;
    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByTestId('import-done')).toHaveTextContent(
      'Imported 3 items with 3 events. The database was backed up first, to /home/desk/backups/c-before-import.sqlite3',
    );
    expect(be.argsOf('run_import')).toHaveLength(1);
    expect(be.argsOf('run_import')[0]).toMatchObject({ path: FILE });
    await waitFor(() => expect(be.queries().length).toBeGreaterThan(listed));
  });

  it('shows a refused import, and closes when the dialog is cancelled', async () => {
    let chosen: string | null = FILE;
    installBackend({
      handlers: {
        choose_import_file: () => chosen,
        preview_import: () => GOOD,
        run_import: () => {
          throw { code: 'invalid', message: '1 bad row(s): line 3: due_on: 2024-02-30 is not a real date', fields: [] };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    await user.click(screen.getByTestId('import-open'));
    await screen.findByTestId('import-preview');
    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByTestId('import-failed')).toHaveTextContent('line 3: due_on');
    await user.click(screen.getByTestId('import-close'));
    expect(screen.queryByTestId('import-dialog')).toBeNull();

    chosen = null;
    await user.click(screen.getByTestId('import-open'));
    await waitFor(() => expect(screen.queryByTestId('import-dialog')).toBeNull());
  });
});
