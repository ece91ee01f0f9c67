// Backups and recovery: "Back up now", the list of backups, restoring one, and the two
// ways out of the recovery screen. The copying and checking run in the backend on
// blocking threads; these calls resolve when they are done.

import { commands } from '../bindings/bindings';
import { unwrap } from './result';

/** A checked backup written now into the backups folder beside the database. */
export const backupNow = () => unwrap(commands.backupNow());

/** The backups of the open (or damaged) database, newest first. */
export const listBackups = () => unwrap(commands.listBackups());

/** What the recovery screen shows; `recovery` is null when there is nothing to recover. */
export const recoveryState = () => unwrap(commands.recoveryState());

/** Restores one of the listed backups (checked first; the current file is kept aside). */
export const restoreBackup = (path: string) => unwrap(commands.restoreBackup(path));

/** Shows the native Open dialog (from Rust) and restores the chosen file; null if cancelled. */
export const restoreFromFile = () => unwrap(commands.restoreFromFile());

/** Leaves the recovery screen with a new, empty database (the damaged file stays aside). */
export const startEmptyDatabase = () => unwrap(commands.startEmptyDatabase());

export type BackupInfo = Awaited<ReturnType<typeof backupNow>>;
export type RecoveryState = Awaited<ReturnType<typeof recoveryState>>;
export type Recovery = NonNullable<RecoveryState['recovery']>;
export type Restored = Awaited<ReturnType<typeof restoreBackup>>;
