import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { installBackend } from './backend';

describe('exporting from the list', () => {
  it('exports every item, or the items shown with the list query, and says where', async () => {
    const be = installBackend({
      total: 3,
      handlers: { export_items: (a) => ({ path: `/home/desk/items.${String(a.format)}`, items: a.query ? 3 : 5 }) },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    await user.click(screen.getByTestId('export-open'));
    await user.click(screen.getByTestId('export-confirm'));
    expect(await screen.findByTestId('export-done')).toHaveTextContent('Exported 5 items to /home/desk/items.csv');
    expect(be.argsOf('export_items')).toEqual([{ format: 'csv', query: null }]);

    await user.click(screen.getByTestId('export-open'));
    await user.selectOptions(screen.getByTestId('export-format'), 'json');
    await user.selectOptions(screen.getByTestId('export-scope'), 'shown');
    await user.click(screen.getByTestId('export-confirm'));
    await waitFor(() => expect(screen.getByTestId('export-done')).toHaveTextContent('Exported 3 items to /home/desk/items.json'));
    const [, second] = be.argsOf('export_items');
    expect(second).toMatchObject({ format: 'json', query: { open: true, offset: 0, limit: null, sort: 'days_with_counterpart' } });
  });

  it('shows the backend refusal in the panel', async () => {
    installBackend({
      handlers: {
        export_items: () => {
          throw { code: 'invalid', message: 'that file is the database itself', fields: [] };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await screen.findAllByTestId('item-row');
    await user.click(screen.getByTestId('export-open'));
    await user.click(screen.getByTestId('export-confirm'));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('that file is the database itself');
  });
});
