// The words of shared/GLOSSARY.md for every label the window shows, in its language. The
// kinds, statuses, event types and raise levels come from the core (VOCABULARY, English and
// Chinese); the rest are the window's own messages (ui/src/i18n). Each record reads the
// current language when a label is read, so a view that shows one follows a switch at once.

import type { Kind, SortKey, Status } from '../api/items';
import type { EventType, RaiseLevel, Side } from '../api/events';
import type { AuditAction } from '../api/audit';
import { VOCABULARY } from '../api/app';
import { LL, term } from './i18n.svelte';

/** A record whose values are read in the current language, key by key. */
export function localized<K extends string>(keys: readonly K[], word: (k: K) => string): Record<K, string> {
  const o = {} as Record<K, string>;
  for (const k of keys) Object.defineProperty(o, k, { get: () => word(k), enumerable: true });
  return o;
}

/** The words of a closed vocabulary, by key, in the core's order: the core sends them
 *  (VOCABULARY, in the bindings), so the window keeps no copy of its own. */
function words<K extends string>(terms: readonly { key: string; en: string; zh: string }[]): {
  keys: readonly K[];
  label: Record<K, string>;
} {
  const keys = terms.map((t) => t.key as K);
  const byKey = new Map(terms.map((t) => [t.key, t]));
  return { keys, label: localized(keys, (k) => term(byKey.get(k)!)) };
}

const kinds = words<Kind>(VOCABULARY.kinds);
const statuses = words<Status>(VOCABULARY.statuses);
const events = words<EventType>(VOCABULARY.event_types);
const levels = words<RaiseLevel>(VOCABULARY.raise_levels);

/** The levels a `raised` event can be raised at, lowest first. */
export const RAISE_LEVELS: readonly RaiseLevel[] = levels.keys;
export const RAISE_LEVEL_LABEL: Record<RaiseLevel, string> = levels.label;

export const KINDS: readonly Kind[] = kinds.keys;
export const KIND_LABEL: Record<Kind, string> = kinds.label;

/** The first word of each kind, for the dense table and the dashboard strip. */
export const KIND_SHORT: Record<Kind, string> = localized(KINDS, (k) => LL.kindShort[k]());

export const STATUSES: readonly Status[] = statuses.keys;
export const STATUS_LABEL: Record<Status, string> = statuses.label;

/** The kind-specific word for `fulfilled`. */
export const FULFILLED_LABEL: Record<Kind, string> = localized(KINDS, (k) => LL.fulfilled[k]());

export const EVENT_TYPES: readonly EventType[] = events.keys;
export const EVENT_LABEL: Record<EventType, string> = events.label;

export const SIDE_LABEL: Record<Side, string> = localized(['us', 'prc'] as const, (s) => LL.side[s]());

const SORT_KEYS = [
  'reference',
  'kind',
  'title',
  'counterpart',
  'status',
  'days_with_counterpart',
  'days_since_prc_response',
  'transmitted_on',
  'due_on',
  'working_days_us',
  'working_days_prc',
] as const satisfies readonly SortKey[];

/** Column headings of the item table, by the key the list sorts on. */
export const SORT_LABEL: Record<SortKey, string> = localized<SortKey>(SORT_KEYS, (k) => LL.sort[k]());

const AUDIT_ACTIONS = [
  'created',
  'edited',
  'event_recorded',
  'linked',
  'unlinked',
  'archived',
  'restored',
  'erased',
  'shared',
  'conflict',
  'attached',
  'attachment_removed',
] as const satisfies readonly AuditAction[];

/** What a row of an item's history of changes (the audit trail) records. */
export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = localized<AuditAction>(AUDIT_ACTIONS, (a) =>
  LL.auditAction[a](),
);
