// What every view shares: the app's facts, the agencies, the item form's schema, the
// dashboard figures, and a
// counter that goes up whenever the data may have changed under the views (a save, or
// `db-changed` when another database was opened), which views watch to reload.

import { appInfo, windowShown, type AppInfo } from '../api/app';
import { agencies as loadAgencies, type Agency } from '../api/agencies';
import { dashboard as loadDashboard, formSchema, type Dashboard, type FormSchema } from '../api/items';
import { describeError } from '../api/result';
import { reminderBadge } from '../api/reminders';
import { teamStatus, type TeamStatus } from '../api/team';
import { setLocale } from './i18n.svelte';

export class Session {
  info = $state<AppInfo | null>(null);
  agencies = $state<Agency[]>([]);
  /** The item form as the core describes it (read once: it does not change). */
  schema = $state.raw<FormSchema | null>(null);
  dashboard = $state<Dashboard | null>(null);
  /** Goes up by one each time the data changed; views reload when it does. */
  changes = $state(0);
  /** Goes up when a different database was opened: views also drop what they show. */
  reopened = $state(0);
  error = $state<string | null>(null);
  /** Reminders overdue or due today, neither snoozed nor done (the navigation's badge). */
  reminderBadge = $state(0);
  /** Goes up when the backend says reminders changed (fired, snoozed, done, settings). */
  reminderChanges = $state(0);
  /** The database's team (null: in none), as the sync engine last said. */
  team = $state<TeamStatus | null>(null);
  /** Goes up when a sync brought colleagues' operations: the open item is read again
   *  (the list follows `changes`). */
  remoteChanges = $state(0);

  #shownSaid = false;
  #shown!: () => void;
  /** Settles once the first screen is up. */
  readonly #firstScreen = new Promise<void>((resolve) => (this.#shown = resolve));

  /** The first screen is up (the first rows, or the screen that stands in for them): once,
   *  after the frame that draws it, the dashboard's figures and the reminders' badge are
   *  asked for, and the backend hears of it and starts the start's reminder check and
   *  check of every page. Each is a fraction of a second of the processor on a large
   *  database, and before the first rows they competed with them for it. */
  screenShown(): void {
    if (this.#shownSaid) return;
    this.#shownSaid = true;
    const say = () => {
      this.#shown();
      windowShown().catch(() => {
        // Outside the app (a plain browser) there is no backend to tell.
      });
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(say);
    else say();
  }

  async load(): Promise<void> {
    // The app's facts first and on their own: when the database is damaged (recovery),
    // not there yet (the first start's offer), encrypted and locked, or could not be
    // opened, the agencies fail, but the window still needs to know why.
    const [info, agencies, schema] = await Promise.allSettled([
      appInfo(),
      loadAgencies(),
      this.schema ?? formSchema(),
    ]);
    if (info.status === 'rejected') {
      this.error = describeError(info.reason);
      return;
    }
    if (schema.status === 'fulfilled') this.schema = schema.value;
    this.info = info.value;
    setLocale(info.value.language);
    if (info.value.recovering || info.value.creating || info.value.locked || info.value.db_error) {
      this.agencies = [];
      this.error = null;
      return;
    }
    if (agencies.status === 'fulfilled') this.agencies = agencies.value;
    const failed = [agencies, schema].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    this.error = failed ? describeError(failed.reason) : null;
    await this.#firstScreen;
    await Promise.all([this.refreshDashboard(), this.refreshBadge(), this.refreshTeam()]);
  }

  async refreshTeam(): Promise<void> {
    try {
      this.team = await teamStatus();
    } catch {
      // The indicator keeps what it showed; the engine sends the next status itself.
    }
  }

  /** A sync brought operations: lists, figures and the open item reload (keeping the
   *  selection and any form being filled in). */
  teamChanged(): void {
    this.remoteChanges++;
    this.changed();
  }

  async refreshBadge(): Promise<void> {
    if (!this.info?.today) return;
    try {
      this.reminderBadge = await reminderBadge();
    } catch {
      // The badge is a convenience; the Reminders view reports errors itself.
    }
  }

  /** The backend says reminders changed: the badge and the Reminders view reload. */
  remindersChanged(): void {
    this.reminderChanges++;
    void this.refreshBadge();
  }

  async refreshDashboard(): Promise<void> {
    try {
      this.dashboard = await loadDashboard();
    } catch (e) {
      this.error ??= describeError(e);
    }
  }

  /** Something was saved: figures and lists need a reload. */
  changed(): void {
    this.changes++;
    void this.refreshDashboard();
    void this.refreshBadge();
  }

  /** Another database was opened: reload everything. */
  async databaseChanged(): Promise<void> {
    this.reopened++;
    this.changes++;
    await this.load();
  }

  agencyName(code: string): string {
    const a = this.agencies.find((x) => x.code === code);
    return a ? `${a.name_en} · ${a.name_zh}` : code;
  }
}
