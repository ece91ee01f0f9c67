// The words of team mode (shared/GLOSSARY.md: Team, Sync, Waiting to sync, Offline since,
// Conflict): what the always-visible indicator says, and a conflict entry of an item's
// history in plain words.

import type { TeamStatus } from '../api/team';
import { count } from './format';
import { LL } from './i18n.svelte';

/** What the indicator shows, as a state for styling and tests. */
export type TeamState = 'synced' | 'waiting' | 'syncing' | 'offline' | 'failed';

/** A time of day `HH:MM` in local time; with its date (`YYYY-MM-DD HH:MM`) when it was not
 *  today. */
export function clock(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`;
  const sameDay = t.getFullYear() === now.getFullYear() && t.getMonth() === now.getMonth() && t.getDate() === now.getDate();
  return sameDay ? hm : `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${hm}`;
}

export function teamState(s: TeamStatus): TeamState {
  if (s.password_needed) return 'failed';
  if (s.offline_since) return 'offline';
  if (s.error) return 'failed';
  if (s.syncing) return 'syncing';
  return s.pending > 0 ? 'waiting' : 'synced';
}

/** "N waiting" (operations recorded here, not yet on the server). */
export const waiting = (n: number) => LL.team.waiting({ n: count(n) });

/** The indicator's words: "Synced", "N waiting", "Syncing…", "Offline since HH:MM" or
 *  "Sync failed" (with the count waiting, when any). */
export function teamLabel(s: TeamStatus, now: Date = new Date()): string {
  const also = s.pending > 0 ? ` · ${waiting(s.pending)}` : '';
  switch (teamState(s)) {
    case 'offline':
      return `${LL.team.offlineSince({ at: clock(s.offline_since ?? '', now) })}${also}`;
    case 'failed':
      return `${s.password_needed ? LL.team.passwordNeeded() : LL.team.failed()}${also}`;
    case 'syncing':
      return s.progress && s.progress.total > 0
        ? LL.team.syncingOf({ done: count(s.progress.done), total: count(s.progress.total) })
        : LL.team.syncing();
    case 'waiting':
      return waiting(s.pending);
    case 'synced':
      return LL.team.synced();
  }
}

/** The indicator's tooltip: the error first (never a silent failure), then the facts. */
export function teamDetail(s: TeamStatus, now: Date = new Date()): string {
  const lines = [
    s.error ? `${LL.team.errorPrefix()}${s.error}` : null,
    LL.team.teamLine({ user: s.user, agency: s.agency, server: s.server }),
    s.last_sync ? LL.team.lastSynced({ at: clock(s.last_sync, now) }) : LL.team.notYet(),
    s.pending > 0 ? LL.team.waitingToSync({ n: count(s.pending) }) : null,
    ...s.refused.map((r) => LL.team.refused({ r })),
  ];
  return lines.filter(Boolean).join('\n');
}
