// Recording dated events on an item's history.

import { commands, type EventInput_Serialize, type EventView_Serialize } from '../bindings/bindings';
import { unwrap } from './result';

export type { EventType, RaiseLevel, Side } from '../bindings/bindings';
/** An event as the form sends it (every field given). */
export type EventInput = EventInput_Serialize;
/** An event of an item's history as the backend sends it. */
export type EventView = EventView_Serialize;

/** Records an event; returns the item as it now stands. */
export const recordEvent = (itemId: string, input: EventInput) =>
  unwrap(commands.recordEvent(itemId, input));
