// Encryption at rest: the first start's offer (create the database, encrypted or not), the
// unlock screen (the passphrase of an encrypted database), and Settings' "Protection"
// (encrypt, change the passphrase, forget the kept one). The passphrase goes to the
// backend only; the backend keeps it in the system keychain when asked, never elsewhere.

import { commands } from '../bindings/bindings';
import { unwrap } from './result';

/** Whether the database is encrypted, whether its passphrase is kept in the keychain,
 *  and why the keychain cannot be used (null when it can). */
export const protectionState = () => unwrap(commands.protectionState());

/** First start: creates the database, encrypted with `passphrase` unless it is null. */
export const createDatabase = (passphrase: string | null, keep: boolean) => unwrap(commands.createDatabase(passphrase, keep));

/** Opens the encrypted database with `passphrase` (a wrong one: code `wrong_passphrase`). */
export const unlockDatabase = (passphrase: string, keep: boolean) => unwrap(commands.unlockDatabase(passphrase, keep));

/** Encrypts the open (plain) database with `passphrase`. */
export const encryptDatabase = (passphrase: string, keep: boolean) => unwrap(commands.encryptDatabase(passphrase, keep));

/** Re-keys the open encrypted database from `current` to `passphrase`. */
export const changePassphrase = (current: string, passphrase: string, keep: boolean) =>
  unwrap(commands.changePassphrase(current, passphrase, keep));

/** Removes the passphrase kept in the keychain for the open database. */
export const forgetPassphrase = () => unwrap(commands.forgetPassphrase());

export type Protection = Awaited<ReturnType<typeof protectionState>>;
export type Opened = Awaited<ReturnType<typeof createDatabase>>;

