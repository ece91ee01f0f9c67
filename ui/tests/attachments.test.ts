import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { openFirst } from './open-item';
import { installBackend, invalid } from './backend';
import type { Attachment } from '../src/api/attachments';

const SHA = 'ab'.repeat(32);

function attachment(over: Partial<Attachment> = {}): Attachment {
  return {
    item_id: 'id-0',
    sha256: SHA,
    name: 'Note verbale 117.pdf',
    size: 1_234_567,
    size_text: '1.2 MB',
    media_type: 'application/pdf',
    received_on: '2024-06-02',
    note: 'delivered by hand',
    attached_at: '2024-06-03T09:00:00.000000Z',
    attached_by: 'analyst',
    ...over,
  };
}

describe('attachments in the item detail', () => {
  it("lists each with the core's size, the date received, the note and the hash shortened (whole in its title)", async () => {
    installBackend({ handlers: { item_attachments: () => [attachment()] } });
    const { detail } = await openFirst();
    const row = await within(detail).findByTestId('attachment-row');
    expect(row).toHaveAttribute('data-sha256', SHA);
    expect(row).toHaveTextContent('Note verbale 117.pdf');
    expect(row).toHaveTextContent('1.2 MB');
    expect(row).toHaveTextContent('received 2024-06-02');
    expect(row).toHaveTextContent('delivered by hand');
    expect(row).toHaveTextContent(`${SHA.slice(0, 12)}…`);
    expect(row.querySelector('code')).toHaveAttribute('title', `SHA-256 ${SHA}`);
  });

  it('adds a file through the dialog and shows what the backend then lists', async () => {
    const be = installBackend({ handlers: { attach_chosen_file: () => [attachment()] } });
    const { user, detail } = await openFirst();
    expect(await within(detail).findByText(/No files attached/)).toBeInTheDocument();
    await user.click(within(detail).getByTestId('add-attachment'));
    expect(await within(detail).findByTestId('attachment-row')).toHaveAttribute('data-sha256', SHA);
    expect(be.argsOf('attach_chosen_file')).toEqual([{ id: 'id-0' }]);
  });

  it('a cancelled dialog changes nothing; a refusal is shown with its words', async () => {
    const be = installBackend({ handlers: { attach_chosen_file: () => null } });
    const { user, detail } = await openFirst();
    await user.click(await within(detail).findByTestId('add-attachment'));
    await waitFor(() => expect(be.argsOf('attach_chosen_file')).toHaveLength(1));
    expect(within(detail).queryAllByTestId('attachment-row')).toHaveLength(0);
    be.set('attach_chosen_file', () => {
      throw invalid([{ field: 'file', problem: { key: 'already_attached', reference: 'EXT-000000', name: 'a.pdf' } }]);
    });
    await user.click(within(detail).getByTestId('add-attachment'));
    expect(await within(detail).findByTestId('form-error')).toHaveTextContent('already attached');
  });

  it('removes one only after asking in place', async () => {
    const be = installBackend({
      handlers: { item_attachments: () => [attachment()], remove_attachment: () => [] },
    });
    const { user, detail } = await openFirst();
    const row = await within(detail).findByTestId('attachment-row');
    await user.click(within(row).getByTestId('remove-attachment'));
    expect(be.argsOf('remove_attachment')).toHaveLength(0);
    expect(row).toHaveTextContent('Remove Note verbale 117.pdf?');
    await user.click(within(row).getByTestId('confirm-remove-attachment'));
    await waitFor(() => expect(within(detail).queryAllByTestId('attachment-row')).toHaveLength(0));
    expect(be.argsOf('remove_attachment')).toEqual([{ id: 'id-0', sha256: SHA }]);
  });

  it('opens one from its copy and says so', async () => {
    const be = installBackend({
      handlers: {
        item_attachments: () => [attachment()],
        open_attachment: () => ({ path: '/tmp/counterpart-open-x/abab/Note verbale 117.pdf', shown: true }),
      },
    });
    const { user, detail } = await openFirst();
    const row = await within(detail).findByTestId('attachment-row');
    await user.click(within(row).getByTestId('open-attachment'));
    const opened = await within(row).findByTestId('attachment-opened');
    expect(opened).toHaveAttribute('data-path', '/tmp/counterpart-open-x/abab/Note verbale 117.pdf');
    expect(be.argsOf('open_attachment')).toEqual([{ id: 'id-0', sha256: SHA }]);
  });

  it('attaches files dropped on the detail, not those dropped elsewhere in the window', async () => {
    const be = installBackend({ handlers: { attach_dropped_files: () => [attachment()] } });
    const { detail } = await openFirst();
    await within(detail).findByText(/No files attached/);
    detail.getBoundingClientRect = () => ({ left: 600, top: 0, right: 1200, bottom: 800, x: 600, y: 0, width: 600, height: 800, toJSON: () => ({}) });
    const ratio = window.devicePixelRatio || 1;
    await emit('tauri://drag-drop', { paths: ['/x/a.pdf'], position: { x: 100 * ratio, y: 100 * ratio } });
    await new Promise((r) => setTimeout(r, 50));
    expect(be.argsOf('attach_dropped_files')).toHaveLength(0);
    await emit('tauri://drag-drop', { paths: ['/x/a.pdf'], position: { x: 700 * ratio, y: 100 * ratio } });
    expect(await within(detail).findByTestId('attachment-row')).toHaveAttribute('data-sha256', SHA);
    expect(be.argsOf('attach_dropped_files')).toEqual([{ id: 'id-0' }]);
  });
});
