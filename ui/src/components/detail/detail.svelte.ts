// What the sections of one item's detail share: the item as last read (or why it could not
// be read) and which of the forms that take over part of the pane is open. ItemDetail makes
// one and hands it to each section; a section's own state stays in the section.

import { getItem, type ItemView } from '../../api/items';
import { ApiFailure, describeError } from '../../api/result';
import type { Shared } from '../../lib/context';
import type { LeaveGuard } from '../../lib/guard.svelte';
import type { Session } from '../../lib/session.svelte';

export type Problem = { code: string; message: string };

export class DetailState {
  view = $state<ItemView | null>(null);
  problem = $state<Problem | null>(null);
  /** The edit form is open in place of the fields. */
  editing = $state(false);
  /** The event form is open; `retractId` is the event it retracts, if any. */
  recording = $state(false);
  retractId = $state<string | null>(null);
  /** Changes to start the event form afresh (e.g. with another entry to retract). */
  formKey = $state(0);
  /** Counts the saves that may have moved the item's deadlines: the reminders read them again. */
  deadlinesMoved = $state(0);
  /** Counts the attachments added or removed: the history of changes reads itself again. */
  attachmentsChanged = $state(0);
  /** A colleague's operations changed the item while the edit form was open: the form
   *  keeps what is typed, and the item is read again once it closes. */
  changedElsewhere = $state(false);

  readonly #id: () => string;
  readonly #guard: LeaveGuard;
  readonly session: Session;
  /** Something about this item was saved: the list and the figures need refreshing. */
  readonly changed: () => void;

  constructor(id: () => string, { session, guard }: Shared, changed: () => void) {
    this.#id = id;
    this.#guard = guard;
    this.session = session;
    this.changed = changed;
  }

  /** The item the pane shows now (it may change while a read is under way). */
  get id(): string {
    return this.#id();
  }

  async load(target: string) {
    this.problem = null;
    try {
      const v = await getItem(target);
      if (target !== this.id) return;
      this.view = v;
    } catch (e) {
      if (target !== this.id) return;
      this.view = null;
      this.problem =
        e instanceof ApiFailure ? { code: e.code, message: e.message } : { code: 'internal', message: describeError(e) };
    }
  }

  /** After a save: the item read again, and its deadlines. */
  async reread(target: string) {
    await this.load(target);
    this.deadlinesMoved++;
  }

  /** A sync brought colleagues' operations: the item is read again, unless the edit form
   *  is open (then once it closes: what the person is typing is never replaced). */
  async remoteChanged() {
    if (this.editing) {
      this.changedElsewhere = true;
      return;
    }
    await this.reread(this.id);
  }

  /** The edit form closed: read the item again if a colleague changed it meanwhile. */
  async editClosed() {
    if (!this.changedElsewhere) return;
    this.changedElsewhere = false;
    await this.reread(this.id);
  }

  /** Another item is opening: every form closes and nothing shows until it is read. */
  reset() {
    this.editing = false;
    this.changedElsewhere = false;
    this.stopRecording();
    this.view = null;
  }

  async startRecording(retracts: string | null = null) {
    if (this.recording && !(await this.#guard.confirmLeave())) return;
    this.retractId = retracts;
    this.formKey++;
    this.recording = true;
  }

  stopRecording() {
    this.recording = false;
    this.retractId = null;
  }
}

/** Something a section reads about the item on show besides the item itself (its
 *  reminders, its changes): read when the pane opens another item or the database is
 *  reopened, and whenever `alsoWhen` reads something that changes; an answer is kept only
 *  if the pane still shows the item it is about. Make it while the section initialises. */
export class ItemRead<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);

  readonly #detail: DetailState;
  readonly #read: (id: string) => Promise<T>;

  constructor(detail: DetailState, read: (id: string) => Promise<T>, alsoWhen: () => void) {
    this.#detail = detail;
    this.#read = read;
    $effect(() => {
      const target = detail.id;
      void detail.session.reopened;
      alsoWhen();
      void this.load(target);
    });
  }

  async load(target: string) {
    try {
      const v = await this.#read(target);
      if (target !== this.#detail.id) return;
      this.value = v;
      this.error = null;
    } catch (e) {
      if (target !== this.#detail.id) return;
      this.error = describeError(e);
    }
  }
}
