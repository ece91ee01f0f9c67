// The item table's optional columns (off by default): U.S. and PRC working days with
// counterpart (sorted by the core, like calendar days), and how often an item was raised
// with its highest level. What each cell says, which are shown, and their widths.

import type { ItemRow, SortKey } from '../api/items';
import { count } from './format';
import { RAISE_LEVEL_LABEL, SORT_LABEL } from './labels';
import { LL } from './i18n.svelte';

export type OptionalColumn = 'working_days_us' | 'working_days_prc' | 'raised';

export type OptionalColumnSpec = {
  id: OptionalColumn;
  /** The heading (GLOSSARY.md). */
  label: string;
  /** The key the list sorts on when the heading is clicked (none: not sortable). */
  sort: SortKey | null;
  cls: string;
  width: string;
  numeric: boolean;
};

export const OPTIONAL_COLUMNS: readonly OptionalColumnSpec[] = [
  { id: 'working_days_us', get label() { return SORT_LABEL.working_days_us; }, sort: 'working_days_us', cls: 'c-wd-us', width: '88px', numeric: true },
  { id: 'working_days_prc', get label() { return SORT_LABEL.working_days_prc; }, sort: 'working_days_prc', cls: 'c-wd-prc', width: '88px', numeric: true },
  { id: 'raised', get label() { return LL.columns.raised(); }, sort: null, cls: 'c-raised', width: '132px', numeric: false },
];

/** The mark of an estimated figure, and what it means (its tooltip). */
export const ESTIMATED_MARK = '≈';
export const estimatedTitle = (): string => LL.columns.estimated();

export type Cell = { text: string; title: string | undefined; estimated: boolean };

/** A working-day figure: "258", "≈ 258" when a year in the span is estimated, "—" for a draft. */
export function workingDaysCell(row: ItemRow, calendar: 'us' | 'prc'): Cell {
  const n = calendar === 'us' ? row.working_days_with_counterpart_us : row.working_days_with_counterpart_prc;
  if (n === null) return { text: count(n), title: undefined, estimated: false };
  const estimated = row.working_days_estimated;
  return {
    text: estimated ? `${ESTIMATED_MARK} ${count(n)}` : count(n),
    title: estimated ? estimatedTitle() : undefined,
    estimated,
  };
}

/** How often it was raised and the highest level, in the core's level labels ("4 · cabinet"),
 *  with the core's words for a tooltip ("Raised 4 times, last 2024-11-18 at cabinet level"). */
export function raisedCell(row: ItemRow): Cell {
  const { count: n, highest_level } = row.raised;
  const words = row.raised_words.charAt(0).toUpperCase() + row.raised_words.slice(1);
  if (n === 0) return { text: '—', title: words, estimated: false };
  const level = highest_level ? RAISE_LEVEL_LABEL[highest_level] : null;
  return { text: level ? `${count(n)} · ${level}` : count(n), title: words, estimated: false };
}

/** The cell of an optional column for a row. */
export function optionalCell(id: OptionalColumn, row: ItemRow): Cell {
  switch (id) {
    case 'working_days_us':
      return workingDaysCell(row, 'us');
    case 'working_days_prc':
      return workingDaysCell(row, 'prc');
    case 'raised':
      return raisedCell(row);
  }
}

/** The specs of the columns shown, in the table's order whatever order they were chosen in. */
export function shownColumns(shown: readonly OptionalColumn[]): OptionalColumnSpec[] {
  return OPTIONAL_COLUMNS.filter((c) => shown.includes(c.id));
}

/** The grid tracks the shown optional columns add after the fixed ones ("" for none). */
export function extraTracks(shown: readonly OptionalColumn[]): string {
  return shownColumns(shown)
    .map((c) => c.width)
    .join(' ');
}

/** The width the shown optional columns add to a row, for its minimum width ("308px"). */
export function extraWidth(shown: readonly OptionalColumn[]): string {
  const px = shownColumns(shown).reduce((sum, c) => sum + parseInt(c.width, 10), 0);
  return `${px}px`;
}

/** Shows a column that is hidden, hides one that is shown. */
export function toggleColumn(shown: readonly OptionalColumn[], id: OptionalColumn): OptionalColumn[] {
  const next = shown.includes(id) ? shown.filter((c) => c !== id) : [...shown, id];
  return shownColumns(next).map((c) => c.id);
}

const STORAGE_KEY = 'counterpart.list-columns';

/** The columns chosen last time (kept in the window's own storage), unknown names dropped. */
export function loadColumns(storage: Pick<Storage, 'getItem'> | null = safeStorage()): OptionalColumn[] {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return shownColumns(raw.filter((x): x is OptionalColumn => typeof x === 'string') as OptionalColumn[]).map(
      (c) => c.id,
    );
  } catch {
    return [];
  }
}

export function saveColumns(shown: readonly OptionalColumn[], storage: Pick<Storage, 'setItem'> | null = safeStorage()) {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(shown));
  } catch {
    // Storage full or refused: the choice lasts for this session only.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
