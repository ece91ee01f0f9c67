// Exporting items from the window: CSV or JSON, everything or the list's current filter,
// through the native Save dialog (the core's export, as `counterpart export` writes it).

import { commands, type ExportFormat, type Exported } from '../bindings/bindings';
import type { ListQuery } from './items';
import { unwrap } from './result';

export type { ExportFormat, Exported };

/** Asks where, writes the export; `query` null: every item. `null` when cancelled. */
export const exportItems = (format: ExportFormat, query: ListQuery | null) =>
  unwrap(commands.exportItems(format, query));
