// Importing from the window: a CSV or JSON file chosen in the native Open dialog, its
// preview (nothing written), then the import (a checked backup first, all or nothing).
// The core's workflow, as `counterpart import [--dry-run]` runs it; progress comes back
// through a channel while the backend works off the window's thread.

import { Channel } from '@tauri-apps/api/core';
import {
  commands,
  type Imported,
  type Preview_Serialize,
  type PreviewRow_Serialize,
  type Progress,
  type RowProblem,
} from '../bindings/bindings';
import { unwrap } from './result';

export type { Imported, Progress, RowProblem };
export type Preview = Preview_Serialize;
export type PreviewRow = PreviewRow_Serialize;

/** The native Open dialog: the chosen file's path, `null` when cancelled. */
export const chooseImportFile = () => unwrap(commands.chooseImportFile());

function channel(onprogress: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = onprogress;
  return c;
}

/** What importing `path` would do: counts, the first rows as stored, every problem. */
export const previewImport = (path: string, onprogress: (p: Progress) => void) =>
  unwrap(commands.previewImport(path, channel(onprogress)));

/** Imports `path` (all or nothing, after a checked backup). */
export const runImport = (path: string, onprogress: (p: Progress) => void) =>
  unwrap(commands.runImport(path, channel(onprogress)));
