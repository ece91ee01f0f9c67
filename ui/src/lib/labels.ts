// The English words of shared/GLOSSARY.md, for every label the window shows. The kinds,
// statuses and event types come from the core (VOCABULARY); the rest are the window's own
// (one term for one idea: change a word in the glossary first, then here).

import type { Kind, SortKey, Status } from '../api/items';
import type { EventType, RaiseLevel, Side } from '../api/events';
import type { AuditAction } from '../api/audit';
import { VOCABULARY } from '../api/app';

/** The words of a closed vocabulary, by key, in the core's order: the core sends them
 *  (VOCABULARY, in the bindings), so the window keeps no copy of its own. */
function words<K extends string>(terms: readonly { key: string; en: string }[]): {
  keys: readonly K[];
  label: Record<K, string>;
} {
  return {
    keys: terms.map((t) => t.key as K),
    label: Object.fromEntries(terms.map((t) => [t.key, t.en])) as Record<K, string>,
  };
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
export const KIND_SHORT: Record<Kind, string> = {
  extradition: 'Extradition',
  indictment: 'Indictment',
  scheduling: 'Scheduling',
  commitment: 'Commitment',
};

export const STATUSES: readonly Status[] = statuses.keys;
export const STATUS_LABEL: Record<Status, string> = statuses.label;

/** The kind-specific word for `fulfilled`. */
export const FULFILLED_LABEL: Record<Kind, string> = {
  extradition: 'Extradited',
  indictment: 'Acted upon',
  scheduling: 'Scheduled (controlled)',
  commitment: 'Implemented',
};

export const EVENT_TYPES: readonly EventType[] = events.keys;
export const EVENT_LABEL: Record<EventType, string> = events.label;

export const SIDE_LABEL: Record<Side, string> = {
  us: 'U.S. side',
  prc: 'PRC side',
};

/** Column headings of the item table, by the key the list sorts on. */
export const SORT_LABEL: Record<SortKey, string> = {
  reference: 'Reference',
  kind: 'Kind',
  title: 'Title',
  counterpart: 'Agency',
  status: 'Status',
  days_with_counterpart: 'Days with counterpart',
  days_since_prc_response: 'Days since last PRC response',
  transmitted_on: 'Transmitted on',
  due_on: 'Due date',
  working_days_us: 'U.S. working days',
  working_days_prc: 'PRC working days',
};

/** What a row of an item's history of changes (the audit trail) records. */
export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  created: 'Created',
  edited: 'Edited',
  event_recorded: 'Event recorded',
  linked: 'Linked',
  unlinked: 'Unlinked',
  archived: 'Archived',
  restored: 'Restored from the archive',
  erased: 'Erased',
  shared: 'Shared',
  conflict: 'Edit conflict',
  attached: 'Attached',
  attachment_removed: 'Attachment removed',
};
