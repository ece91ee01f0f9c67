// Items: the paged list, the dashboard figures, one item's whole view, creating and editing.

import {
  commands,
  type Dashboard_Serialize,
  type FieldSpec_Serialize,
  type FormSchema_Serialize,
  type ItemDraft_Deserialize,
  type Item_Serialize,
  type ItemPage_Serialize,
  type ItemRow_Serialize,
  type ItemView_Serialize,
  type ListQuery_Serialize,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { Choice, Cursor, Kind, LinkedItem, Priority, SortKey, Status } from '../bindings/bindings';
// What the backend sends (`_Serialize`) and what the window sends in full (`ListQuery`).
export type Dashboard = Dashboard_Serialize;
export type Item = Item_Serialize;
export type ItemPage = ItemPage_Serialize;
export type ItemRow = ItemRow_Serialize;
export type ItemView = ItemView_Serialize;
export type ListQuery = ListQuery_Serialize;
export type FormSchema = FormSchema_Serialize;
export type FieldSpec = FieldSpec_Serialize;
/** An item as typed, by CSV column name: on an edit an absent field stays as it is, an
 *  empty one is cleared. */
export type ItemDraft = ItemDraft_Deserialize;

/** One page (`after` a cursor, `offset`, `limit`) of the items matching `query`, with the
 *  total matching and the cursor after it (`next`). */
export const listItems = (query: ListQuery) => unwrap(commands.listItems(query));

export const dashboard = () => unwrap(commands.dashboard());

export const getItem = (id: string) => unwrap(commands.getItem(id));

/** The item form as the core describes it: every field, per kind (see lib/fields). */
export const formSchema = (): Promise<FormSchema> => commands.formSchema();

/** Creates an item from the entry form. */
export const createItem = (input: ItemDraft) => unwrap(commands.createItem(input));

/** Saves the fields given; fails with code `conflict` when `version` is no longer current. */
export const updateItem = (id: string, version: number, input: ItemDraft) =>
  unwrap(commands.updateItem(id, version, input));

/** Links `from` to `to` (the backend shows the link on both); `relation` is free text. */
export const linkItems = (from: string, to: string, relation: string) =>
  unwrap(commands.linkItems(from, to, relation));

/** Removes the link between `id` and `other` (audited on both); the item as it now stands. */
export const unlinkItems = (id: string, other: string, relation: string) =>
  unwrap(commands.unlinkItems(id, other, relation));

/** A query for all items, open or closed, by reference from the first (give `limit`). */
const EVERY_ITEM: Omit<ListQuery, 'limit'> = {
  kind: null,
  status: null,
  open: null,
  overdue: false,
  counterpart: null,
  search: null,
  sort: 'reference',
  descending: false,
  offset: 0,
  after: null,
};

/** The first `limit` items, open or closed, whose reference or title matches `text`. */
export async function findItems(text: string, limit = 10): Promise<ItemRow[]> {
  const page = await listItems({ ...EVERY_ITEM, search: text, limit });
  return page.rows;
}

/**
 * The values an edit form starts from, as the text the backend's form parser reads: no
 * value is "", a yes/no fact is "yes" or "", tags are `;`-separated (as in the CSV).
 */
export function formValuesOf(view: ItemView, names: readonly string[]): Record<string, string> {
  const source = view as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = source[name];
    if (v === null || v === undefined || v === false) out[name] = '';
    else if (v === true) out[name] = 'yes';
    else if (Array.isArray(v)) out[name] = v.join('; ');
    else out[name] = String(v);
  }
  return out;
}

/** Whether the database holds any item at all (to tell an empty database from a filter
 *  that matches nothing). Asks for no rows, only the total. */
export async function countAllItems(): Promise<number> {
  const page = await listItems({ ...EVERY_ITEM, limit: 0 });
  return page.total;
}
