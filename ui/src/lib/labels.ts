// The English words of shared/GLOSSARY.md, for every label the window shows. One term for
// one idea: change a word there first, then here.

import type { Kind, SortKey, Status } from '../api/items';
import type { EventType, Side } from '../api/events';
import type { AuditAction } from '../api/audit';

export const KINDS: readonly Kind[] = ['extradition', 'indictment', 'scheduling', 'commitment'];

export const KIND_LABEL: Record<Kind, string> = {
  extradition: 'Extradition request',
  indictment: 'Indictment (shared for action)',
  scheduling: 'Scheduling request',
  commitment: 'Working-group commitment',
};

/** The first word of each kind, for the dense table and the dashboard strip. */
export const KIND_SHORT: Record<Kind, string> = {
  extradition: 'Extradition',
  indictment: 'Indictment',
  scheduling: 'Scheduling',
  commitment: 'Commitment',
};

export const STATUSES: readonly Status[] = [
  'draft',
  'transmitted',
  'acknowledged',
  'in_progress',
  'awaiting_us',
  'fulfilled',
  'partially_fulfilled',
  'declined',
  'withdrawn',
];

export const STATUS_LABEL: Record<Status, string> = {
  draft: 'Draft',
  transmitted: 'Transmitted',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  awaiting_us: 'Awaiting U.S. information',
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partially fulfilled',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** The kind-specific word for `fulfilled`. */
export const FULFILLED_LABEL: Record<Kind, string> = {
  extradition: 'Extradited',
  indictment: 'Acted upon',
  scheduling: 'Scheduled (controlled)',
  commitment: 'Implemented',
};

export const EVENT_TYPES: readonly EventType[] = [
  'transmitted',
  'acknowledged',
  'info_requested',
  'info_provided',
  'raised',
  'prc_response',
  'status',
  'note',
  'due_changed',
  'closed',
  'retraction',
];

export const EVENT_LABEL: Record<EventType, string> = {
  transmitted: 'Transmitted to counterpart',
  acknowledged: 'Receipt acknowledged',
  info_requested: 'Information requested',
  info_provided: 'Information provided',
  raised: 'Raised in a meeting',
  prc_response: 'PRC response',
  status: 'Status change',
  note: 'Note',
  due_changed: 'Due date changed',
  closed: 'Closed',
  retraction: 'Retraction of an entry',
};

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
};

/** The relations a link between items can carry: the value stored, and its words. */
export const LINK_RELATIONS: readonly { value: string; label: string }[] = [
  { value: 'related', label: 'Related' },
  { value: 'indictment', label: 'Indictment (for an extradition request)' },
  { value: 'covered by commitment', label: 'Covered by commitment' },
  { value: 'extradition request', label: 'Extradition request' },
];

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
};
