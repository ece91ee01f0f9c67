// Unsaved edits are never lost silently. A form with changes registers itself here; any
// action that would leave it (closing the form, opening another item, changing view)
// asks `confirmLeave()` first, which shows the in-page confirm dialog when something is
// dirty and resolves with the person's answer.

import { LL } from './i18n.svelte';

export type Question = { message: string; resolve: (discard: boolean) => void };

export class LeaveGuard {
  /** The question on screen, if any (rendered by ConfirmDialog). */
  question = $state<Question | null>(null);
  #sources = new Map<symbol, () => boolean>();

  /** Registers a form's "is it dirty?" test; returns the function that unregisters it. */
  register(isDirty: () => boolean): () => void {
    const key = Symbol('form');
    this.#sources.set(key, isDirty);
    return () => this.#sources.delete(key);
  }

  isDirty(): boolean {
    for (const dirty of this.#sources.values()) if (dirty()) return true;
    return false;
  }

  /** Asks whether to discard changes; resolves true when it is fine to go on. */
  ask(message: string = LL.app.unsaved()): Promise<boolean> {
    this.question?.resolve(false);
    return new Promise((resolve) => {
      this.question = { message, resolve };
    });
  }

  /** Resolves true at once when nothing is dirty, otherwise asks. */
  async confirmLeave(message?: string): Promise<boolean> {
    if (!this.isDirty()) return true;
    return this.ask(message);
  }

  answer(discard: boolean): void {
    const q = this.question;
    this.question = null;
    q?.resolve(discard);
  }
}
