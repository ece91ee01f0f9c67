// The item list as pages fetched on demand.
//
// The table never asks for the whole list: it tells the pager which row indices are on
// screen (`ensure(start, end)`), and the pager fetches the pages (`PAGE_SIZE` rows each)
// that cover them and are not cached yet, once each, through `listItems`. Every answer
// carries `total`, which sets the height of the scrolled area.
//
// Pages follow one another by key: every answer also carries `next`, where its page
// ended, and page p is asked for `after` page p-1's `next` when that is known (scrolling
// down, the usual case), which the core finds through the order's index however deep the
// page is. Otherwise (a jump down the scroll bar, scrolling up from such a jump, a
// refresh) it is asked by `offset = p × PAGE_SIZE`, which costs the core a walk past the
// rows before it. The cursors are kept for the current query only.
//
// A change of filter or sort starts a new generation: answers to older queries are
// dropped. `refresh()` re-fetches the pages in view (after a save or a `db-changed`) by
// offset, forgetting the cursors (the rows may have moved), showing the old rows until
// the new ones arrive so the list does not flicker. At most `MAX_PAGES` pages of rows
// are kept; the least recently used go first.

import { listItems, type Cursor, type ItemPage, type ItemRow, type ListQuery } from '../api/items';
import { describeError } from '../api/result';

export const PAGE_SIZE = 200;
const MAX_PAGES = 40;

export type ListFilter = Omit<ListQuery, 'offset' | 'limit' | 'after'>;

export class ItemPager {
  /** Rows matching the current query (from the last page answered). */
  total = $state(0);
  /** True once the first answer to the current query arrived. */
  loaded = $state(false);
  error = $state<string | null>(null);

  #version = $state(0);
  #pages = new Map<number, ItemRow[]>();
  /** Where page p ended (its answer's `next`; null: the list ends there). */
  #next = new Map<number, Cursor | null>();
  #inflight = new Set<number>();
  #generation = 0;
  #filter: ListFilter | null = null;
  #key = '';
  #lastRange: [number, number] = [0, PAGE_SIZE];
  readonly #fetch: (q: ListQuery) => Promise<ItemPage>;
  readonly pageSize: number;

  constructor(fetch: (q: ListQuery) => Promise<ItemPage> = listItems, pageSize = PAGE_SIZE) {
    this.#fetch = fetch;
    this.pageSize = pageSize;
  }

  /** Sets the query; a different one drops the cache and fetches the first page. */
  setFilter(filter: ListFilter): void {
    const key = JSON.stringify(filter);
    if (key === this.#key) return;
    this.#key = key;
    this.#filter = filter;
    this.#generation++;
    this.#pages.clear();
    this.#next.clear();
    this.#inflight.clear();
    this.loaded = false;
    this.error = null;
    this.#version++;
    this.#lastRange = [0, this.pageSize];
    this.#load(0);
  }

  /** The row at `index`, or undefined while its page is on the way. */
  row(index: number): ItemRow | undefined {
    void this.#version;
    const page = this.#pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  /** The index of the row of item `id` among the rows fetched, or -1. */
  indexOf(id: string): number {
    void this.#version;
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  /** Makes sure rows `start` (inclusive) to `end` (exclusive) are fetched or on the way. */
  ensure(start: number, end: number): void {
    if (!this.#filter) return;
    start = Math.max(0, start);
    end = Math.max(start + 1, end);
    this.#lastRange = [start, end];
    const first = Math.floor(start / this.pageSize);
    const last = Math.floor((end - 1) / this.pageSize);
    for (let p = first; p <= last; p++) {
      if (this.loaded && p * this.pageSize >= this.total) break;
      const cached = this.#pages.get(p);
      if (cached) {
        // Mark as recently used.
        this.#pages.delete(p);
        this.#pages.set(p, cached);
      } else if (!this.#inflight.has(p)) {
        this.#load(p);
      }
    }
  }

  /** Fetches the pages in view again (the data changed); keeps showing the old rows meanwhile. */
  refresh(): void {
    if (!this.#filter) return;
    this.#generation++;
    this.#inflight.clear();
    this.#next.clear();
    const [start, end] = this.#lastRange;
    const first = Math.floor(start / this.pageSize);
    const last = Math.floor((end - 1) / this.pageSize);
    for (const p of [...this.#pages.keys()]) if (p < first || p > last) this.#pages.delete(p);
    for (let p = first; p <= last; p++) this.#load(p);
  }

  #load(page: number): void {
    const filter = this.#filter;
    if (!filter) return;
    const generation = this.#generation;
    this.#inflight.add(page);
    // After the page before, by key, when its end is known; by offset otherwise.
    const after = this.#next.get(page - 1);
    const where = after ? { offset: 0, after } : { offset: page * this.pageSize, after: null };
    this.#fetch({ ...filter, ...where, limit: this.pageSize })
      .then((answer) => {
        if (generation !== this.#generation) return;
        this.#pages.set(page, answer.rows);
        this.#next.set(page, answer.next);
        this.total = answer.total;
        this.loaded = true;
        this.error = null;
        this.#evict();
        this.#version++;
      })
      .catch((e: unknown) => {
        if (generation !== this.#generation) return;
        this.error = describeError(e);
        this.loaded = true;
      })
      .finally(() => {
        if (generation === this.#generation) this.#inflight.delete(page);
      });
  }

  #evict(): void {
    while (this.#pages.size > MAX_PAGES) {
      const oldest = this.#pages.keys().next().value;
      if (oldest === undefined) break;
      this.#pages.delete(oldest);
    }
  }
}
