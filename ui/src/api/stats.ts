// Responsiveness: the Stats view's figures per counterpart agency, kind or quarter.

import { commands, type GroupBy, type GroupStats_Serialize } from '../bindings/bindings';
import { unwrap } from './result';

export type { GroupBy };
export type GroupStats = GroupStats_Serialize;

/** The figures of every group (not archived, transmitted items), as of today. */
export const loadStats = (by: GroupBy) => unwrap(commands.responsiveness(by));
