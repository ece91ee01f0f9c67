// The application itself: facts about it, the user's name, which database is open.

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands, type AppInfo_Serialize, type Language, type NotificationDetail } from '../bindings/bindings';
import { unwrap } from './result';

/** The application's facts as the backend sends them. */
export type AppInfo = AppInfo_Serialize;

export const appInfo = () => unwrap(commands.appInfo());

/** The limits the core holds what people type to, for inputs to show (`maxlength`, a
 *  hint); the backend still checks every value and names the field it refuses. */
export { LIMITS, VOCABULARY } from '../bindings/bindings';
export type { DayRange, Limits } from '../bindings/bindings';

/** Records the name written into the audit trail with every change. */
export const setUserName = (name: string) => unwrap(commands.setUserName(name));

/** Sets what reminder notifications show (references only, or titles too). */
export const setNotificationDetail = (detail: NotificationDetail) =>
  unwrap(commands.setNotificationDetail(detail));

/** Sets the window's language (kept in the user's settings). */
export const setLanguage = (language: Language) => unwrap(commands.setLanguage(language));

/** Shows the native Open dialog (from Rust); `null` when the user cancelled. */
export const openDatabase = () => unwrap(commands.openDatabase());
/** Tells the backend the first screen is up: the start's background checks begin. */
export const windowShown = () => commands.windowShown();
/** Quits the app as closing its window does (the database closed cleanly). */
export const quit = () => commands.quit();

/** Calls `handler` whenever another database file was opened; returns the unsubscriber. */
export function onDbChanged(handler: () => void): Promise<UnlistenFn> {
  return listen('db-changed', () => handler());
}

/**
 * Calls `handler` when the check of every page in the background found the database file
 * damaged (`AppInfo.pages_damaged` then says what); returns the unsubscriber.
 */
export function onPagesDamaged(handler: () => void): Promise<UnlistenFn> {
  return listen('pages-damaged', () => handler());
}
