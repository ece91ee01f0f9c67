// Team mode: the database's team (status, join, sync now, leave) and what the backend's
// sync engine tells the window (`team-status`, `team-changed`, `team-progress`). The
// password goes to the backend only, which keeps it in the system keychain.

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import {
  commands,
  type SyncProgress as SyncProgressType,
  type TeamChanged as TeamChangedType,
  type TeamJoined_Serialize,
  type TeamStatus_Serialize,
} from '../bindings/bindings';
import { unwrap } from './result';

/** How the database's team stands (null: the database is in no team). */
export type TeamStatus = TeamStatus_Serialize;
/** What a sync sent and brought. */
export type TeamChanged = TeamChangedType;
export type SyncProgress = SyncProgressType;
export type TeamJoined = TeamJoined_Serialize;

export const teamStatus = () => unwrap(commands.teamStatus());

/** Joins the team at `server` (a PostgreSQL URL) as `user`. */
export const teamJoin = (server: string, user: string, password: string) => unwrap(commands.teamJoin(server, user, password));

/** The team password, typed when none is kept or the server refused the kept one:
 *  checked by a sync with it, then kept in the keychain. */
export const teamPassword = (password: string) => unwrap(commands.teamPassword(password));

/** Syncs now; what went each way (null: the database is in no team). */
export const teamSyncNow = () => unwrap(commands.teamSyncNow());

/** The database leaves the team (it keeps its items). */
export const teamLeave = () => unwrap(commands.teamLeave());

/** Calls `handler` with every new status the sync engine sends. */
export function onTeamStatus(handler: (s: TeamStatus | null) => void): Promise<UnlistenFn> {
  return listen<TeamStatus | null>('team-status', (e) => handler(e.payload));
}

/** Calls `handler` when a sync brought operations (the list and the open item reload). */
export function onTeamChanged(handler: (c: TeamChanged) => void): Promise<UnlistenFn> {
  return listen<TeamChanged>('team-changed', (e) => handler(e.payload));
}

/** Calls `handler` as a join applies what it pulls. */
export function onTeamProgress(handler: (p: SyncProgress) => void): Promise<UnlistenFn> {
  return listen<SyncProgress>('team-progress', (e) => handler(e.payload));
}
