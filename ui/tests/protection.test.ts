// Encryption at rest in the window, against the fake backend: the first start's offer to
// encrypt (on by default, the passphrase typed twice, kept in the keychain by default),
// the unlock screen (a wrong passphrase told plainly, then the right one opens), and what
// the window does when the keychain cannot be used. The exact commands sent are asserted.

import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../src/App.svelte';
import { INFO, PROTECTION, installBackend, row } from './backend';

const WRONG = { code: 'wrong_passphrase', message: 'That passphrase does not open this database.', fields: [] };
const GATED = { code: 'damaged', message: 'no database yet', fields: [] };

/** A backend whose database is behind `gate` (the offer or the unlock screen) until
 *  `open_with` (the command that opens it) succeeds. */
function gated(gate: 'creating' | 'locked', handlers: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  const state = { open: false };
  const opened = () => ({ ...INFO, encrypted: true });
  const be = installBackend({
    handlers: {
      app_info: () => (state.open ? opened() : { ...INFO, [gate]: true }),
      agencies: () => {
        if (!state.open) throw GATED;
        return [];
      },
      list_items: () => {
        if (!state.open) throw GATED;
        return { rows: [row(0)], total: 1 };
      },
      create_database: () => {
        state.open = true;
        return { info: opened(), keychain_error: null };
      },
      unlock_database: () => {
        state.open = true;
        return { info: opened(), keychain_error: null };
      },
      ...handlers,
    },
  });
  return { be, state };
}

describe('the first start', () => {
  it('offers to encrypt, on by default, and creates the database with the passphrase typed twice', async () => {
    const { be } = gated('creating');
    const user = userEvent.setup();
    render(App);
    const offer = await screen.findByTestId('encrypt-offer');
    expect(within(offer).getByTestId('offer-path')).toHaveTextContent(INFO.db_path);
    expect(within(offer).getByTestId('encrypt-toggle')).toBeChecked();
    await waitFor(() => expect(offer).toHaveAttribute('data-keychain', 'available'));
    expect(within(offer).getByTestId('keep-in-keychain')).toBeChecked();
    expect(within(offer).getByTestId('keep-in-keychain')).toBeEnabled();
    expect(screen.queryByTestId('items-table')).not.toBeInTheDocument();

    // Typed differently: refused here, nothing sent.
    await user.type(within(offer).getByTestId('passphrase-input'), 'correct horse');
    await user.type(within(offer).getByTestId('passphrase-confirm'), 'correct hose');
    await user.click(within(offer).getByTestId('create-database'));
    expect(await within(offer).findByTestId('offer-error')).toHaveTextContent('The two passphrases are not the same.');
    expect(be.argsOf('create_database')).toEqual([]);

    await user.clear(within(offer).getByTestId('passphrase-confirm'));
    await user.type(within(offer).getByTestId('passphrase-confirm'), 'correct horse');
    await user.click(within(offer).getByTestId('create-database'));
    await waitFor(() => expect(be.argsOf('create_database')).toEqual([{ passphrase: 'correct horse', keep: true }]));
    await waitFor(() => expect(screen.queryByTestId('encrypt-offer')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(1));
  });

  it('an empty passphrase is refused before anything is sent', async () => {
    const { be } = gated('creating');
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('create-database'));
    expect(await screen.findByTestId('offer-error')).toHaveTextContent('Type a passphrase.');
    expect(be.argsOf('create_database')).toEqual([]);
  });

  it('without encryption creates a plain database and keeps nothing', async () => {
    const { be } = gated('creating');
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('encrypt-toggle'));
    expect(screen.queryByTestId('passphrase-input')).not.toBeInTheDocument();
    expect(screen.queryByTestId('keep-in-keychain')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('create-database'));
    await waitFor(() => expect(be.argsOf('create_database')).toEqual([{ passphrase: null, keep: false }]));
    await waitFor(() => expect(screen.queryByTestId('encrypt-offer')).not.toBeInTheDocument());
  });

  it('when the keychain cannot be used, says so and still creates the encrypted database', async () => {
    const { be } = gated('creating', {
      protection_state: () => ({ ...PROTECTION, keychain_problem: 'no Secret Service on the session bus' }),
    });
    const user = userEvent.setup();
    render(App);
    const offer = await screen.findByTestId('encrypt-offer');
    expect(await within(offer).findByTestId('keychain-unavailable')).toHaveTextContent('no Secret Service on the session bus');
    expect(within(offer).getByTestId('keychain-unavailable')).toHaveTextContent('will ask for the passphrase each time');
    const keep = within(offer).getByTestId('keep-in-keychain');
    expect(keep).not.toBeChecked();
    expect(keep).toBeDisabled();
    await user.type(within(offer).getByTestId('passphrase-input'), 'pp');
    await user.type(within(offer).getByTestId('passphrase-confirm'), 'pp');
    await user.click(within(offer).getByTestId('create-database'));
    await waitFor(() => expect(be.argsOf('create_database')).toEqual([{ passphrase: 'pp', keep: false }]));
  });

  it('says so when the passphrase could not be kept, once the database is open', async () => {
    const warning = 'The passphrase could not be kept in the system keychain (locked); Counterpart will ask for it at the next start.';
    const { state } = gated('creating', {
      create_database: () => {
        state.open = true;
        return { info: { ...INFO, encrypted: true }, keychain_error: warning };
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.type(await screen.findByTestId('passphrase-input'), 'pp');
    await user.type(screen.getByTestId('passphrase-confirm'), 'pp');
    await user.click(screen.getByTestId('create-database'));
    expect(await screen.findByTestId('recovered')).toHaveTextContent(warning);
  });
});

describe('opening another database instead', () => {
  it('is offered on the first start and on the unlock screen', async () => {
    for (const gate of ['creating', 'locked'] as const) {
      const { be, state } = gated(gate, {
        open_database: () => {
          state.open = true;
          return { ...INFO, db_path: '/media/usb/counterpart.sqlite3' };
        },
      });
      const user = userEvent.setup();
      const { unmount } = render(App);
      await user.click(await screen.findByTestId('gate-open-other'));
      await waitFor(() => expect(be.argsOf('open_database')).toHaveLength(1));
      await waitFor(() => expect(screen.queryByTestId(gate === 'creating' ? 'encrypt-offer' : 'unlock-screen')).not.toBeInTheDocument());
      await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(1));
      expect(be.argsOf('create_database').concat(be.argsOf('unlock_database'))).toEqual([]);
      unmount();
    }
  });
});

describe('starting an empty database after damage', () => {
  it('offers to encrypt it, as at the first start', async () => {
    let at: 'recovering' | 'creating' | 'open' = 'recovering';
    const be = installBackend({
      handlers: {
        app_info: () => ({ ...INFO, recovering: at === 'recovering', creating: at === 'creating', encrypted: at === 'open' }),
        agencies: () => {
          if (at !== 'open') throw GATED;
          return [];
        },
        recovery_state: () => ({ recovery: { db_path: INFO.db_path, moved_to: `${INFO.db_path}.damaged`, report: 'bad', backup: null } }),
        start_empty_database: () => {
          at = 'creating';
          return { ...INFO, creating: true };
        },
        create_database: () => {
          at = 'open';
          return { info: { ...INFO, encrypted: true }, keychain_error: null };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('recovery-start-empty'));
    const offer = await screen.findByTestId('encrypt-offer');
    expect(screen.getByTestId('recovered')).toHaveTextContent('the damaged file stays where it was moved');
    expect(within(offer).getByTestId('encrypt-toggle')).toBeChecked();
    await user.type(within(offer).getByTestId('passphrase-input'), 'pp');
    await user.type(within(offer).getByTestId('passphrase-confirm'), 'pp');
    await user.click(within(offer).getByTestId('create-database'));
    await waitFor(() => expect(be.argsOf('create_database')).toEqual([{ passphrase: 'pp', keep: true }]));
    await waitFor(() => expect(screen.queryByTestId('encrypt-offer')).not.toBeInTheDocument());
    expect(screen.queryByTestId('recovered')).not.toBeInTheDocument();
  });
});

describe('the unlock screen', () => {
  it('tells a wrong passphrase plainly, and the right one opens the database', async () => {
    let tries = 0;
    const { be, state } = gated('locked', {
      unlock_database: (a) => {
        tries++;
        if (a.passphrase !== 'right one') throw WRONG;
        state.open = true;
        return { info: { ...INFO, encrypted: true }, keychain_error: null };
      },
    });
    const user = userEvent.setup();
    render(App);
    const unlock = await screen.findByTestId('unlock-screen');
    expect(within(unlock).getByTestId('unlock-path')).toHaveTextContent(INFO.db_path);
    expect(screen.queryByTestId('items-table')).not.toBeInTheDocument();
    expect(within(unlock).queryByTestId('passphrase-confirm')).not.toBeInTheDocument();
    await waitFor(() => expect(unlock).toHaveAttribute('data-keychain', 'available'));
    await user.click(within(unlock).getByTestId('keep-in-keychain'));

    await user.type(within(unlock).getByTestId('passphrase-input'), 'wrong one');
    await user.click(within(unlock).getByTestId('unlock-submit'));
    expect(await within(unlock).findByTestId('unlock-error')).toHaveTextContent('That passphrase does not open this database.');
    expect(within(unlock).getByTestId('passphrase-input')).toHaveValue('');
    expect(screen.getByTestId('unlock-screen')).toBeInTheDocument();

    await user.type(within(unlock).getByTestId('passphrase-input'), 'right one');
    await user.click(within(unlock).getByTestId('unlock-submit'));
    await waitFor(() => expect(screen.queryByTestId('unlock-screen')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getAllByTestId('item-row')).toHaveLength(1));
    expect(tries).toBe(2);
    expect(be.argsOf('unlock_database')).toEqual([
      { passphrase: 'wrong one', keep: false },
      { passphrase: 'right one', keep: false },
    ]);
  });

  it('keeps the passphrase in the keychain by default, and says why it asks when the kept one fails', async () => {
    const note = 'The passphrase kept in the system keychain does not open this database (was it changed elsewhere?).';
    const { be } = gated('locked', {
      protection_state: () => ({ encrypted: true, kept: true, keychain_problem: null, note }),
    });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByTestId('unlock-note')).toHaveTextContent(note);
    expect(screen.getByTestId('keep-in-keychain')).toBeChecked();
    await user.type(screen.getByTestId('passphrase-input'), 'new one');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(be.argsOf('unlock_database')).toEqual([{ passphrase: 'new one', keep: true }]));
    await waitFor(() => expect(screen.queryByTestId('unlock-screen')).not.toBeInTheDocument());
  });

  it('asks (without the keychain) when the keychain cannot be used', async () => {
    gated('locked', { protection_state: () => ({ ...PROTECTION, encrypted: true, keychain_problem: 'no Secret Service' }) });
    render(App);
    expect(await screen.findByTestId('keychain-unavailable')).toHaveTextContent('no Secret Service');
    expect(screen.getByTestId('keep-in-keychain')).toBeDisabled();
    expect(screen.getByTestId('passphrase-input')).toBeInTheDocument();
  });
});

describe('Settings: Protection', () => {
  it('says the database is not encrypted and encrypts it with the passphrase typed twice', async () => {
    let encrypted = false;
    const be = installBackend({
      handlers: {
        protection_state: () => ({ ...PROTECTION, encrypted, kept: encrypted }),
        encrypt_database: () => {
          encrypted = true;
          return { info: { ...INFO, encrypted: true }, keychain_error: null };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('protection-card');
    expect(await within(card).findByTestId('protection-status')).toHaveTextContent('Not encrypted');
    await user.click(within(card).getByTestId('protection-encrypt'));
    await user.type(within(card).getByTestId('passphrase-input'), 'pp');
    await user.type(within(card).getByTestId('passphrase-confirm'), 'qq');
    await user.click(within(card).getByTestId('protection-submit'));
    expect(await within(card).findByTestId('protection-error')).toHaveTextContent('not the same');
    expect(be.argsOf('encrypt_database')).toEqual([]);
    await user.clear(within(card).getByTestId('passphrase-confirm'));
    await user.type(within(card).getByTestId('passphrase-confirm'), 'pp');
    await user.click(within(card).getByTestId('protection-submit'));
    await waitFor(() => expect(be.argsOf('encrypt_database')).toEqual([{ passphrase: 'pp', keep: true }]));
    const done = await within(card).findByTestId('protection-done');
    expect(done).toHaveTextContent('The database is now encrypted.');
    expect(done).not.toHaveTextContent('kept at');
    await waitFor(() => expect(within(card).getByTestId('protection-status')).toHaveTextContent('kept in the system keychain'));
  });

  it('changes the passphrase with the current one, and forgets the kept one', async () => {
    let kept = true;
    const be = installBackend({
      handlers: {
        protection_state: () => ({ ...PROTECTION, encrypted: true, kept }),
        change_passphrase: (a) => {
          if (a.current !== 'old') throw WRONG;
          return { info: { ...INFO, encrypted: true }, keychain_error: null };
        },
        forget_passphrase: () => {
          kept = false;
          return { ...PROTECTION, encrypted: true, kept };
        },
      },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('nav-settings'));
    const card = await screen.findByTestId('protection-card');
    expect(await within(card).findByTestId('protection-status')).toHaveTextContent('Encrypted');
    await user.click(within(card).getByTestId('protection-change'));
    await user.type(within(card).getByTestId('passphrase-current'), 'bad');
    await user.type(within(card).getByTestId('passphrase-input'), 'new');
    await user.type(within(card).getByTestId('passphrase-confirm'), 'new');
    await user.click(within(card).getByTestId('protection-submit'));
    expect(await within(card).findByTestId('protection-error')).toHaveTextContent('That passphrase does not open this database.');
    await user.clear(within(card).getByTestId('passphrase-current'));
    await user.type(within(card).getByTestId('passphrase-current'), 'old');
    await user.click(within(card).getByTestId('protection-submit'));
    await waitFor(() =>
      expect(be.argsOf('change_passphrase')).toEqual([
        { current: 'bad', passphrase: 'new', keep: true },
        { current: 'old', passphrase: 'new', keep: true },
      ]),
    );
    expect(await within(card).findByTestId('protection-done')).toHaveTextContent('The passphrase was changed.');

    await user.click(within(card).getByTestId('protection-forget'));
    await waitFor(() => expect(be.argsOf('forget_passphrase')).toEqual([{}]));
    expect(await within(card).findByTestId('protection-done')).toHaveTextContent('no longer kept');
    expect(within(card).queryByTestId('protection-forget')).not.toBeInTheDocument();
  });
});
