// The audit trail of an item (its history of changes), archiving and erasing.

import { commands, type ArchivedItem as ArchivedItemType, type AuditEntry_Serialize, type Erased as ErasedType } from '../bindings/bindings';
import { unwrap } from './result';

export type { AuditAction } from '../bindings/bindings';
/** One row of the audit trail: when, who, what, old and new value. */
export type AuditEntry = AuditEntry_Serialize;
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
