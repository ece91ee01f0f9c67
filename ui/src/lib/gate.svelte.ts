// What the first start's offer, the unlock screen and Settings' Protection share: the
// database's protection and whether the system keychain can keep the passphrase (asked
// once the screen shows: `keep` is then off when it cannot), and the submission (busy,
// the error shown).

import { protectionState, type Opened, type Protection } from '../api/protection';
import { describeError } from '../api/result';

/** What the offer and the unlock screen are given. */
export type GateProps = {
  dbPath: string;
  /** Called once the database is open; `warning` when the passphrase could not be kept. */
  onopened: (warning: string | null) => void;
};

export class Gate {
  /** The database's protection, once asked. */
  protection = $state<Protection | null>(null);
  /** "Keep the passphrase in the system keychain": on by default, off when it cannot. */
  keep = $state(true);
  /** Why the keychain cannot be used, or null. */
  unavailable = $state<string | null>(null);
  /** Why the passphrase is asked for although one is kept (the unlock screen). */
  note = $state<string | null>(null);
  /** Whether the keychain has been asked yet. */
  known = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);

  /** `data-keychain` of the screen, for tests: `unknown` until asked. */
  get said(): 'unknown' | 'available' | 'unavailable' {
    if (!this.known) return 'unknown';
    return this.unavailable === null ? 'available' : 'unavailable';
  }

  async load(): Promise<void> {
    try {
      const p = await protectionState();
      this.protection = p;
      this.unavailable = p.keychain_problem;
      this.note = p.note;
    } catch (e) {
      this.unavailable = describeError(e);
    }
    this.keep = this.unavailable === null;
    this.known = true;
  }

  /** Sends `call` unless `problem` (shown instead); true when it opened the database, and
   *  then `onopened` has been given what it did. */
  async submit(problem: string | null, call: () => Promise<Opened>, onopened: (opened: Opened) => void): Promise<boolean> {
    this.error = problem;
    if (problem) return false;
    this.busy = true;
    try {
      onopened(await call());
      return true;
    } catch (e) {
      this.error = describeError(e);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
