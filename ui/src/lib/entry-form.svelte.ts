// What the entry forms (an item's, an event's) share: one save at a time; the backend's
// field errors kept for their fields, the first bad control focused; any other failure
// kept with its code; Enter saves (not in a text area, on a button or a link, nor while an
// input method is composing), Escape cancels; leaving with changes asks first.

import { tick } from 'svelte';
import { ApiFailure, describeError, type ErrorCode, type FieldError } from '../api/result';
import type { LeaveGuard } from './guard.svelte';

export type EntryFormHooks = {
  guard: LeaveGuard;
  /** Whether the form holds changes not saved yet. */
  dirty: () => boolean;
  /** Sends the form's values; throws an `ApiFailure` when the backend refuses them. */
  save: () => Promise<void>;
  oncancel: () => void;
  /** Focuses the first control with an error (called once the errors are on screen). */
  focusInvalid: () => void;
};

export class EntryForm {
  errors = $state<FieldError[]>([]);
  failure = $state<{ code: ErrorCode; message: string } | null>(null);
  saving = $state(false);
  readonly #hooks: EntryFormHooks;

  constructor(hooks: EntryFormHooks) {
    this.#hooks = hooks;
  }

  errorsFor = (name: string): FieldError[] => this.errors.filter((e) => e.field === name);

  /** Registers the form with the leave guard; returns the unregistering function. */
  register(): () => void {
    return this.#hooks.guard.register(() => this.#hooks.dirty() && !this.saving);
  }

  submit = async (): Promise<void> => {
    if (this.saving) return;
    this.saving = true;
    this.errors = [];
    this.failure = null;
    try {
      await this.#hooks.save();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'invalid' && e.fields.length > 0) {
        this.errors = e.fields;
        await tick();
        this.#hooks.focusInvalid();
      } else if (e instanceof ApiFailure) {
        this.failure = { code: e.code, message: e.message };
      } else {
        this.failure = { code: 'internal', message: describeError(e) };
      }
    } finally {
      this.saving = false;
    }
  };

  cancel = async (): Promise<void> => {
    if (this.#hooks.dirty() && !(await this.#hooks.guard.ask())) return;
    this.#hooks.oncancel();
  };

  onkeydown = (e: KeyboardEvent): void => {
    if (e.isComposing || e.keyCode === 229) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      void this.cancel();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      const tag = (e.target as HTMLElement).tagName;
      if (tag === 'TEXTAREA' && !(e.ctrlKey || e.metaKey)) return;
      if (tag === 'BUTTON' || tag === 'A') return;
      e.preventDefault();
      void this.submit();
    }
  };

  onsubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    void this.submit();
  };
}
