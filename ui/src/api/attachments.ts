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

/** Where in the window (CSS pixels) files are dragged or dropped. */
export type DragAt = { x: number; y: number };

type DragPayload = { position?: { x: number; y: number } } | null;

/** Files dragged over the window (`over`, with where), taken away (`left`), or dropped
 *  (`dropped`, with where). Tauri reports physical pixels: converted to CSS pixels. */
export function onFileDrag(handler: (what: 'over' | 'left' | 'dropped', at: DragAt | null) => void): Promise<UnlistenFn[]> {
  const at = (p: DragPayload): DragAt | null => {
    const pos = p?.position;
    if (!pos) return null;
    const ratio = window.devicePixelRatio || 1;
    return { x: pos.x / ratio, y: pos.y / ratio };
  };
  return Promise.all([
    listen<DragPayload>('tauri://drag-enter', (e) => handler('over', at(e.payload))),
    listen<DragPayload>('tauri://drag-over', (e) => handler('over', at(e.payload))),
    listen<DragPayload>('tauri://drag-leave', () => handler('left', null)),
    listen<DragPayload>('tauri://drag-drop', (e) => handler('dropped', at(e.payload))),
  ]);
}
