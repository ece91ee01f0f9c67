// The state of the Items view that must outlive it (so that the list keeps its filter,
// scroll position and selection when the person goes to Settings and back).

import type { Kind, SortKey, Status } from '../api/items';
import { loadColumns, type OptionalColumn } from './columns';
import { ItemPager, type ListFilter } from './pager.svelte';

export type OpenChoice = 'open' | 'closed' | 'all';

export type Filter = {
  search: string;
  kind: Kind | '';
  status: Status | '';
  counterpart: string;
  open: OpenChoice;
  overdue: boolean;
  sort: SortKey;
  descending: boolean;
};

export const DEFAULT_FILTER: Filter = {
  search: '',
  kind: '',
  status: '',
  counterpart: '',
  open: 'open',
  overdue: false,
  sort: 'days_with_counterpart',
  descending: true,
};

/** Day counts read best longest first; names and dates A→Z / earliest first. */
export function defaultDescending(key: SortKey): boolean {
  return (
    key === 'days_with_counterpart' ||
    key === 'days_since_prc_response' ||
    key === 'working_days_us' ||
    key === 'working_days_prc'
  );
}

export function listFilter(f: Filter): ListFilter {
  return {
    kind: f.kind || null,
    status: f.status || null,
    open: f.open === 'open' ? true : f.open === 'closed' ? false : null,
    overdue: f.overdue,
    counterpart: f.counterpart || null,
    search: f.search.trim() || null,
    sort: f.sort,
    descending: f.descending,
  };
}

export function isFiltered(f: Filter): boolean {
  return (
    f.search.trim() !== '' ||
    f.kind !== '' ||
    f.status !== '' ||
    f.counterpart !== '' ||
    f.open !== DEFAULT_FILTER.open ||
    f.overdue
  );
}

export class ItemsState {
  filter = $state<Filter>({ ...DEFAULT_FILTER });
  pager = new ItemPager();
  selectedIndex = $state(-1);
  /** The item shown in the detail pane. */
  openId = $state<string | null>(null);
  /** The entry form for a new item is open. */
  creating = $state(false);
  scrollTop = 0;
  /** The optional columns shown (working days, raised), as chosen last time. */
  columns = $state<OptionalColumn[]>(loadColumns());
  /** `session.changes` as the pages were last fetched for: data that changed while the
   *  list was not on screen (a sync, a join from Settings) is fetched when it comes back. */
  listedChanges = 0;
}
