import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/svelte';
import { openFirst } from './open-item';
import { installBackend, invalid, itemView } from './backend';


const refsOf = (els: HTMLElement[]) => els.map((e) => e.getAttribute('data-reference'));

describe('linking an item to another', () => {
  it('searches with the typed text (limit 10, once typing pauses) and never offers the item itself', async () => {
    const be = installBackend({ total: 12 });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-link'));
    const field = within(detail).getByTestId('field-link-search');
    expect(field).toHaveFocus();
    const before = be.queries().length;
    await user.type(field, 'EXT-00000');
    const found = await within(detail).findAllByTestId('link-candidate');
    const searches = be.queries().slice(before);
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ search: 'EXT-00000', offset: 0, limit: 10, open: null });
    // The backend's ten matches are EXT-000000 … EXT-000009; the item itself (id-0) is left out.
    expect(refsOf(found)).toEqual(['EXT-000001', 'EXT-000002', 'EXT-000003', 'EXT-000004', 'EXT-000005', 'EXT-000006', 'EXT-000007', 'EXT-000008', 'EXT-000009']);
    expect(refsOf(found)).not.toContain('EXT-000000');
  });

  it('leaves out the items already linked', async () => {
    installBackend({
      total: 4,
      handlers: {
        get_item: (a) => itemView({ id: String(a.id), links: [{ id: 'id-2', reference: 'EXT-000002', title: 'Surrender of subject 2', relation: 'related', outgoing: true, words: 'Related to', words_zh: '相关' }] }),
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-link'));
    await user.type(within(detail).getByTestId('field-link-search'), 'surrender');
    const found = await within(detail).findAllByTestId('link-candidate');
    expect(refsOf(found)).toEqual(['EXT-000001', 'EXT-000003']);
  });

  it('saves linkItems(from, to, relation) and shows the new link after reloading', async () => {
    const be = installBackend({ total: 5 });
    const { user, detail } = await openFirst();
    expect(within(detail).queryAllByTestId('related-item')).toHaveLength(0);
    await user.click(within(detail).getByTestId('add-link'));
    await user.type(within(detail).getByTestId('field-link-search'), 'subject 3');
    const [candidate] = await within(detail).findAllByTestId('link-candidate');
    expect(candidate).toHaveAttribute('data-reference', 'EXT-000003');
    await user.click(candidate);
    await user.selectOptions(within(detail).getByTestId('field-link-relation'), 'covered by commitment');
    const gets = be.argsOf('get_item').length;
    await user.click(within(detail).getByTestId('save-link'));

    await waitFor(() => expect(be.argsOf('link_items')).toEqual([{ from: 'id-0', to: 'id-3', relation: 'covered by commitment' }]));
    const link = await within(detail).findByTestId('related-item');
    expect(link).toHaveTextContent('EXT-000003');
    expect(link).toHaveTextContent('Surrender of subject 3');
    expect(link.closest('li')).toHaveTextContent('covered by commitment');
    expect(be.argsOf('get_item').length).toBeGreaterThan(gets);
    expect(be.argsOf('get_item').at(-1)).toEqual({ id: 'id-0' });
    expect(within(detail).queryByTestId('field-link-search')).toBeNull();
    expect(within(detail).getByTestId('add-link')).toBeInTheDocument();
  });

  it('picks the highlighted match with the keyboard (↓, Enter), and Escape closes only the form', async () => {
    const be = installBackend({ total: 5 });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-link'));
    const field = within(detail).getByTestId('field-link-search');
    await user.type(field, 'surrender');
    const found = await within(detail).findAllByTestId('link-candidate');
    expect(found[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(within(detail).getAllByTestId('link-candidate')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(within(detail).queryAllByTestId('link-candidate')).toHaveLength(0);
    expect(be.argsOf('link_items')).toHaveLength(0);
    expect(within(detail).getByTestId('link-chosen')).toHaveTextContent('EXT-000002');
    expect(within(detail).getByTestId('save-link')).toBeEnabled();
    // Enter again (an item chosen, no list) saves, with the default relation.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(be.argsOf('link_items')).toEqual([{ from: 'id-0', to: 'id-2', relation: 'related' }]));
    await within(detail).findByTestId('related-item');

    await user.click(within(detail).getByTestId('add-link'));
    await user.keyboard('{Escape}');
    expect(within(detail).queryByTestId('field-link-search')).toBeNull();
    expect(screen.getByTestId('item-detail')).toBeInTheDocument();
    expect(within(detail).getByTestId('add-link')).toHaveFocus();
  });

  it('shows the backend error as form-error and keeps the form open', async () => {
    const be = installBackend({
      total: 3,
      handlers: {
        link_items: () => {
          throw invalid([{ field: 'link', problem: { key: 'linked_to_itself' } }]);
        },
      },
    });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-link'));
    await user.type(within(detail).getByTestId('field-link-search'), 'subject 1');
    await user.click((await within(detail).findAllByTestId('link-candidate'))[0]);
    await user.click(within(detail).getByTestId('save-link'));
    expect(await within(detail).findByTestId('form-error')).toHaveTextContent('an item cannot be linked to itself');
    expect(within(detail).getByTestId('field-link-search')).toBeInTheDocument();
    expect(within(detail).queryAllByTestId('related-item')).toHaveLength(0);

    be.set('link_items', () => {
      throw { code: 'io', message: 'The database is locked.', fields: [] };
    });
    await user.click(within(detail).getByTestId('save-link'));
    await waitFor(() => expect(within(detail).getByTestId('form-error')).toHaveTextContent('The database is locked.'));
  });
  it('removes a link after asking, with unlinkItems(id, other, relation), and shows the core\'s words', async () => {
    const be = installBackend({ total: 5 });
    const { user, detail } = await openFirst();
    await user.click(within(detail).getByTestId('add-link'));
    await user.type(within(detail).getByTestId('field-link-search'), 'subject 3');
    await user.click((await within(detail).findAllByTestId('link-candidate'))[0]);
    await user.selectOptions(within(detail).getByTestId('field-link-relation'), 'indictment');
    await user.click(within(detail).getByTestId('save-link'));
    const row = await within(detail).findByTestId('link-row');
    expect(within(row).getByTestId('link-words')).toHaveTextContent('indictment');

    await user.click(within(row).getByTestId('remove-link'));
    expect(be.argsOf('unlink_items')).toHaveLength(0);
    expect(row).toHaveTextContent('Remove the link to EXT-000003?');
    await user.click(within(row).getByTestId('confirm-remove-link'));
    await waitFor(() => expect(be.argsOf('unlink_items')).toEqual([{ id: 'id-0', other: 'id-3', relation: 'indictment' }]));
    await waitFor(() => expect(within(detail).queryAllByTestId('link-row')).toHaveLength(0));
    expect(within(detail).getByText('No related items.')).toBeInTheDocument();
  });
});

