// Counterpart agencies (reference data).

import { commands } from '../bindings/bindings';
import { unwrap } from './result';

export type { Agency } from '../bindings/bindings';

export const agencies = () => unwrap(commands.agencies());
