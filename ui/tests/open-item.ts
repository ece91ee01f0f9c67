// Opens the first row of the list in the real App (against the mock backend the test
// installed) and waits until its detail has loaded.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';

export async function openFirst() {
  const user = userEvent.setup();
  render(App);
  const [first] = await screen.findAllByTestId('item-row');
  await user.click(first);
  const detail = await screen.findByTestId('item-detail');
  await within(detail).findByTestId('explanation');
  return { user, detail };
}
