// An item's attachments: listed, added through the native Open dialog or by dropping files
// on the window, opened with the system's viewer (from an owner-only copy), removed
// (audited). Sizes come worded by the core (`size_text`).

import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands, type Attachment_Serialize, type OpenedCopy } from '../bindings/bindings';
import { unwrap } from './result';

/** One attachment as the backend lists it (`size_text` in the core's words). */
export type Attachment = Attachment_Serialize;
export type { OpenedCopy };

/** The item's attachments, in the order they were received. */
export const itemAttachments = (id: string) => unwrap(commands.itemAttachments(id));

/** Asks for a file and attaches it; the attachments as they now stand, `null` when cancelled. */
export const attachChosenFile = (id: string) => unwrap(commands.attachChosenFile(id));

/** Attaches the files just dropped on the window (the backend knows which). */
export const attachDroppedFiles = (id: string) => unwrap(commands.attachDroppedFiles(id));

/** Takes the attachment off the item (ask first); the attachments as they now stand. */
export const removeAttachment = (id: string, sha256: string) => unwrap(commands.removeAttachment(id, sha256));

/** Opens the attachment with the system's viewer; where its copy was written. */
export const openAttachment = (id: string, sha256: string) => unwrap(commands.openAttachment(id, sha256));

/** Files dragged over the window (`over`), taken away, or dropped (`dropped`). */
export function onFileDrag(handler: (what: 'over' | 'left' | 'dropped') => void): Promise<UnlistenFn[]> {
  return Promise.all([
    listen('tauri://drag-enter', () => handler('over')),
    listen('tauri://drag-leave', () => handler('left')),
    listen('tauri://drag-drop', () => handler('dropped')),
  ]);
}
