// The audit trail of an item (its history of changes), archiving and erasing.

import {
  commands,
  type ArchivedItem as ArchivedItemType,
  type AuditEntry_Serialize,
  type AuditValue_Serialize,
  type Erased as ErasedType,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { AuditAction } from '../bindings/bindings';
/** One row of the audit trail: when, who, what, old and new value (`old` / `new`, read by
 *  the backend; `old_value` / `new_value` are the stored text, never to be parsed here). */
export type AuditEntry = AuditEntry_Serialize;
/** An old or new value of a row, as the backend read it: the item, the event, or text. */
export type AuditValue = AuditValue_Serialize;
export type ArchivedItem = ArchivedItemType;
export type Erased = ErasedType;

/** The item's changes, oldest first. */
export const itemHistory = (id: string) => unwrap(commands.itemHistory(id));

/** Archives the item; returns it as it now stands. */
export const archiveItem = (id: string) => unwrap(commands.archiveItem(id));

/** Brings an archived item back; returns it as it now stands. */
export const unarchiveItem = (id: string) => unwrap(commands.unarchiveItem(id));

/** Erases the item for good (ask first). */
export const eraseItem = (id: string) => unwrap(commands.eraseItem(id));

/** The archived items, most recently archived first. */
export const archivedItems = () => unwrap(commands.archivedItems());
