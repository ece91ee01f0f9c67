// The words of team mode (shared/GLOSSARY.md: Team, Sync, Waiting to sync, Offline since,
// Conflict): what the always-visible indicator says, and a conflict entry of an item's
// history in plain words.

import type { TeamStatus } from '../api/team';
import { count } from './format';

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
export const waiting = (n: number) => `${count(n)} waiting`;

/** The indicator's words: "Synced", "N waiting", "Syncing…", "Offline since HH:MM" or
 *  "Sync failed" (with the count waiting, when any). */
export function teamLabel(s: TeamStatus, now: Date = new Date()): string {
  const also = s.pending > 0 ? ` · ${waiting(s.pending)}` : '';
  switch (teamState(s)) {
    case 'offline':
      return `Offline since ${clock(s.offline_since ?? '', now)}${also}`;
    case 'failed':
      return `${s.password_needed ? 'Password needed' : 'Sync failed'}${also}`;
    case 'syncing':
      return s.progress && s.progress.total > 0
        ? `Syncing ${count(s.progress.done)} of ${count(s.progress.total)}…`
        : 'Syncing…';
    case 'waiting':
      return waiting(s.pending);
    case 'synced':
      return 'Synced';
  }
}

/** The indicator's tooltip: the error first (never a silent failure), then the facts. */
export function teamDetail(s: TeamStatus, now: Date = new Date()): string {
  const lines = [
    s.error ? `Error: ${s.error}` : null,
    `Team: ${s.user} (${s.agency}) on ${s.server}`,
    s.last_sync ? `Last synced ${clock(s.last_sync, now)}` : 'Not synced yet',
    s.pending > 0 ? `Waiting to sync: ${count(s.pending)}` : null,
    ...s.refused.map((r) => `Refused by the server (kept here only): ${r}`),
  ];
  return lines.filter(Boolean).join('\n');
}
