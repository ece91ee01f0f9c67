import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { openFirst } from './open-item';
import { installBackend, itemView } from './backend';
import type { AuditEntry } from '../src/api/audit';

function entry(over: Partial<AuditEntry> & Pick<AuditEntry, 'seq' | 'action'>): AuditEntry {
  return {
    at: '2024-05-20T09:30:00.000000Z',
    who: 'ana',
    item_id: 'id-0',
    reference: 'EXT-000000',
    field: null,
    old_value: null,
    new_value: null,
    old: null,
    new: null,
    hash: 'ab'.repeat(32),
    ...over,
  } as AuditEntry;
}

const text = (t: string) => ({ type: 'text' as const, text: t });

// As the backend sends them: the stored text, and the values it read from it.
const HISTORY: AuditEntry[] = [
  entry({
    seq: 1, action: 'created', who: null, at: '2021-03-01T12:00:00.000000Z',
    new_value: '{"kind":"extradition","title":"Surrender of LIN Wei"}',
    new: { type: 'item', kind: 'extradition', title: 'Surrender of LIN Wei' },
  }),
  entry({
    seq: 4, action: 'event_recorded', field: 'prc_response',
    new_value: '{"id":"ev-3","on":"2024-03-01","side":"prc"}',
    new: { type: 'event', id: 'ev-3', on: '2024-03-01', side: 'prc' },
  }),
  entry({ seq: 9, action: 'edited', field: 'due_on', old_value: '2024-06-01', new_value: '2024-09-01', old: text('2024-06-01'), new: text('2024-09-01') }),
  entry({ seq: 10, action: 'edited', field: 'owner', old_value: null, new_value: 'J. Smith', new: text('J. Smith'), who: 'bo' }),
  entry({ seq: 11, action: 'linked', field: 'related', new_value: 'IND-000001', new: text('IND-000001') }),
  entry({ seq: 12, action: 'unlinked', field: 'related', old_value: 'IND-000001', old: text('IND-000001') }),
];


describe('the history of changes', () => {
  it('lists when, who and what changed, old → new, oldest first', async () => {
    const be = installBackend({ handlers: { item_history: () => HISTORY } });
    const { detail } = await openFirst();
    const rows = await within(detail).findAllByTestId('change-row');
    expect(be.argsOf('item_history')[0]).toEqual({ id: 'id-0' });
    expect(rows.map((r) => r.getAttribute('data-action'))).toEqual(['created', 'event_recorded', 'edited', 'edited', 'linked', 'unlinked']);
    expect(rows[0]).toHaveTextContent('2021-03-01 12:00');
    expect(rows[0]).toHaveTextContent('Created');
    expect(rows[1]).toHaveTextContent('Event recorded PRC response on 2024-03-01');
    expect(rows[2]).toHaveTextContent('ana');
    expect(rows[2]).toHaveTextContent('Due date: 2024-06-01 → 2024-09-01');
    expect(rows[3]).toHaveTextContent('bo');
    expect(rows[3]).toHaveTextContent('(none) → J. Smith');
    expect(rows[4]).toHaveTextContent('to IND-000001 (related)');
    expect(rows[5]).toHaveTextContent('Unlinked from IND-000001 (related)');
  });

  it('shows a link made and one removed, with the other item and the relation', async () => {
    installBackend({
      handlers: {
        item_history: () => [
          entry({ seq: 2, action: 'linked', field: 'indictment', new_value: 'IND-207', new: text('IND-207') }),
          entry({ seq: 3, action: 'unlinked', field: 'indictment', old_value: 'IND-207', old: text('IND-207') }),
        ],
      },
    });
    const { detail } = await openFirst();
    const [linked, unlinked] = await within(detail).findAllByTestId('change-row');
    expect(linked).toHaveTextContent('Linked to IND-207 (indictment)');
    expect(unlinked).toHaveTextContent('Unlinked from IND-207 (indictment)');
  });

  it('says so when the history cannot be loaded', async () => {
    installBackend({
      handlers: {
        item_history: () => {
          throw { code: 'io', message: 'disk error', fields: [] };
        },
      },
    });
    const { detail } = await openFirst();
    expect(await within(detail).findByText(/Could not load the changes: disk error/)).toBeInTheDocument();
  });
});

describe('archiving and erasing', () => {
  it('archives the item, shows it archived, and restores it', async () => {
    const be = installBackend();
    const { user, detail } = await openFirst();
    const changes = be.argsOf('dashboard').length;
    await user.click(within(detail).getByTestId('archive-item'));
    await waitFor(() => expect(be.argsOf('archive_item')).toEqual([{ id: 'id-0' }]));
    expect(await within(detail).findByTestId('archived-banner')).toHaveTextContent('Archived on 2024-06-01');
    await waitFor(() => expect(be.argsOf('dashboard').length).toBeGreaterThan(changes), { timeout: 2000 });
    await waitFor(() => expect(be.argsOf('item_history').length).toBeGreaterThan(1));

    await user.click(within(detail).getByTestId('unarchive-item'));
    await waitFor(() => expect(be.argsOf('unarchive_item')).toEqual([{ id: 'id-0' }]));
    await waitFor(() => expect(within(detail).queryByTestId('archived-banner')).toBeNull());
    expect(within(detail).getByTestId('archive-item')).toBeInTheDocument();
  });

  it('erases only after a confirmation that names the item', async () => {
    const be = installBackend();
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('erase-item'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('Erase EXT-000000 “Surrender of LIN Wei” for good');
    // Keeping it erases nothing.
    await user.click(within(dialog).getByTestId('confirm-keep'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(be.argsOf('erase_item')).toHaveLength(0);

    await user.click(within(detail).getByTestId('erase-item'));
    await user.click(within(await screen.findByTestId('confirm-dialog')).getByTestId('confirm-discard'));
    await waitFor(() => expect(be.argsOf('erase_item')).toEqual([{ id: 'id-0' }]));
    await waitFor(() => expect(screen.queryByTestId('item-detail')).toBeNull());
  });

  it('shows an error when the backend refuses', async () => {
    installBackend({
      handlers: {
        archive_item: () => {
          throw { code: 'invalid', message: 'archived: EXT-000000 is archived already', fields: [{ field: 'archived', message: 'EXT-000000 is archived already', problem: { key: 'archived_already', reference: 'EXT-000000' } }] };
        },
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('archive-item'));
    expect(await within(detail).findByTestId('lifecycle-error')).toHaveTextContent('archived already');
  });

  it('lists the archived items on demand and opens one', async () => {
    const be = installBackend({
      handlers: {
        archived_items: () => [
          { id: 'id-9', reference: 'ARC-1', kind: 'commitment', title: 'Old working-group item', archived_at: '2024-05-01T10:00:00.000000Z' },
        ],
        get_item: (a) => itemView({ id: String(a.id), reference: 'ARC-1', archived_at: '2024-05-01T10:00:00.000000Z' }),
      },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    await user.click(screen.getByTestId('show-archived'));
    const row = await screen.findByTestId('archived-row');
    expect(row).toHaveAttribute('data-reference', 'ARC-1');
    await user.click(row);
    const detail = await screen.findByTestId('item-detail');
    await waitFor(() => expect(be.argsOf('get_item').at(-1)).toEqual({ id: 'id-9' }));
    expect(await within(detail).findByTestId('unarchive-item')).toBeInTheDocument();
    await user.click(screen.getByTestId('show-archived'));
    expect(screen.queryByTestId('archived-items')).toBeNull();
  });
});
